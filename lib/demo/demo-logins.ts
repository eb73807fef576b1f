// The demo accounts `npm run db:seed` creates. The demo launcher prints these and the
// e2e tests sign in with them, so they are fixed strings, independent of --seed.

export const DEMO_PASSWORD = "leadclock-demo";

export const NORTHWIND = "Northwind Appointments";
export const BRIGHTSIDE = "Brightside Growth";

export type DemoRole = "ADMIN" | "MANAGER" | "SETTER";

export type DemoLogin = {
  email: string;
  password: string;
  role: DemoRole;
  /** The workspace the account lands in (the first of `workspaceNames`). */
  workspaceName: string;
  /** Every workspace the account belongs to, with the same role in each. */
  workspaceNames: readonly string[];
};

export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    email: "admin@leadclock.demo",
    password: DEMO_PASSWORD,
    role: "ADMIN",
    workspaceName: NORTHWIND,
    workspaceNames: [NORTHWIND, BRIGHTSIDE],
  },
  {
    email: "manager@northwind.demo",
    password: DEMO_PASSWORD,
    role: "MANAGER",
    workspaceName: NORTHWIND,
    workspaceNames: [NORTHWIND],
  },
  {
    email: "setter@northwind.demo",
    password: DEMO_PASSWORD,
    role: "SETTER",
    workspaceName: NORTHWIND,
    workspaceNames: [NORTHWIND],
  },
  {
    email: "manager@brightside.demo",
    password: DEMO_PASSWORD,
    role: "MANAGER",
    workspaceName: BRIGHTSIDE,
    workspaceNames: [BRIGHTSIDE],
  },
  {
    email: "setter@brightside.demo",
    password: DEMO_PASSWORD,
    role: "SETTER",
    workspaceName: BRIGHTSIDE,
    workspaceNames: [BRIGHTSIDE],
  },
];
