// A delivered outbound's state in the conversation: sent through the provider, confirmed by
// the provider's echo, recorded by a person who checked, or a sandbox send (nothing left).
import type { MessageDelivery } from "@/lib/delivery/lead-deliveries";

const LABEL: Record<string, string> = {
  provider: "Sent",
  local: "Sent",
  echo: "Sent · confirmed by the provider",
  manual: "Sent · confirmed by a person",
  sandbox: "Sandbox · not delivered",
};

export function DeliveryBadge({ delivery }: { delivery: MessageDelivery }) {
  const label = LABEL[delivery.idSource ?? "provider"] ?? "Sent";
  const sandbox = delivery.idSource === "sandbox";
  return (
    <span
      data-testid="delivery-state"
      className={`rounded-full px-1.5 py-0.5 text-[11px] font-medium ${sandbox ? "bg-slate-100 text-slate-600" : "bg-emerald-50 text-emerald-700"}`}
    >
      {label}
    </span>
  );
}
