// The messages an admin sees when a connection write is refused. Every "not allowed"
// (another workspace's connection, a malformed id, a role that may not manage
// connections) is the same "not found", so ids reveal nothing about other workspaces.
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_LABEL } from "./providers";

export const WORKSPACE_NOT_FOUND = "Workspace not found.";
export const CONNECTION_NOT_FOUND = "Connection not found.";
export const MEMBER_NOT_FOUND = "Member not found.";
export const IDENTITY_NOT_FOUND = "Provider identity not found.";

/** (provider, account) is unique app-wide; the message never says which workspace has it. */
export function accountTakenMessage(provider: Provider): string {
  return (
    `This ${PROVIDER_LABEL[provider]} account is already connected to a Leadclock workspace. ` +
    "Check the account id; if it is a disabled connection of this workspace, enable that one again."
  );
}
