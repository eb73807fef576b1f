"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getAuth } from "@/lib/auth/auth";
import { safeRedirectPath } from "@/lib/auth/redirects";

export type SignInState = { error: string | null; email: string };

const signInSchema = z.object({
  email: z.email("Enter a valid email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(200),
  next: z.string().max(2000).optional(),
});

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: String(form.get("email") ?? "")
      .trim()
      .toLowerCase(),
    password: String(form.get("password") ?? ""),
    next: form.get("next") ? String(form.get("next")) : undefined,
  });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form.", email };

  try {
    await getAuth().api.signInEmail({
      body: { email: parsed.data.email, password: parsed.data.password },
      headers: await headers(),
    });
  } catch (error) {
    if (error instanceof APIError && (error.status === "UNAUTHORIZED" || error.status === "BAD_REQUEST")) {
      return { error: "That email and password do not match an account.", email };
    }
    console.error("[auth] sign-in failed", error);
    return { error: "Sign-in is unavailable right now. Try again in a moment.", email };
  }
  redirect(safeRedirectPath(parsed.data.next));
}

export async function signOutAction(): Promise<void> {
  try {
    await getAuth().api.signOut({ headers: await headers() });
  } catch (error) {
    // A missing or expired session is already signed out.
    if (!(error instanceof APIError)) console.error("[auth] sign-out failed", error);
  }
  redirect("/sign-in");
}
