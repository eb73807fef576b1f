// Which provider user belongs to which member: a reply a setter sends from the
// provider's own app (GoHighLevel's inbox, their SmartLead mailbox) then counts as theirs.
import type { MemberWithIdentities } from "@/lib/connections/list-member-identities";
import { MEMBER_ID_LABEL } from "@/lib/connections/providers";
import { MemberIdentityForm } from "./member-identity-form";
import { RemoveIdentityButton } from "./remove-identity-button";

const ROLE_LABEL = { ADMIN: "Admin", MANAGER: "Manager", SETTER: "Setter" } as const;

export function MemberIdentities({ clientId, members }: { clientId: string; members: MemberWithIdentities[] }) {
  return (
    <div className="space-y-5">
      <div className="-mx-5 overflow-x-auto px-5">
        <table className="w-full min-w-[560px] text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                Member
              </th>
              <th scope="col" className="py-2 font-medium">
                Provider identities
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => (
              <tr key={m.userId} data-testid="member-identity-row">
                <td className="py-2.5 pr-4 align-top">
                  <p className="font-medium text-slate-900">{m.name}</p>
                  <p className="text-xs text-slate-500">
                    {ROLE_LABEL[m.role]} · {m.email}
                  </p>
                </td>
                <td className="py-2.5 align-top">
                  {m.identities.length === 0 ? (
                    <span className="text-slate-500">None</span>
                  ) : (
                    <ul className="flex flex-wrap gap-2">
                      {m.identities.map((identity) => (
                        <li
                          key={identity.id}
                          className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-2 py-1"
                        >
                          <span className="text-xs text-slate-500">{MEMBER_ID_LABEL[identity.provider]}</span>
                          <code className="font-mono text-xs text-slate-800">{identity.externalUserId}</code>
                          <RemoveIdentityButton
                            clientId={clientId}
                            identityId={identity.id}
                            label={`Remove ${MEMBER_ID_LABEL[identity.provider]} ${identity.externalUserId} from ${m.name}`}
                          />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MemberIdentityForm clientId={clientId} members={members.map((m) => ({ userId: m.userId, name: m.name }))} />
    </div>
  );
}
