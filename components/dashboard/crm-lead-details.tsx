// The drawer's body for one lead: header, conversation with the reply form, what the AI
// made of the latest replies, and the Response Timing section. Server component; the
// interactive parts are client islands.
import type { LeadDetail } from "@/lib/crm/lead-detail-types";
import { CrmAiActivity } from "./crm-ai-activity";
import { CrmConversation } from "./crm-conversation";
import { CrmDelivery } from "./crm-delivery";
import { CrmLeadHeader } from "./crm-lead-header";
import { CrmReplyForm } from "./crm-reply-form";
import { CrmTiming } from "./crm-timing";

export function CrmLeadDetails({
  clientId,
  detail,
  timeZone,
  now,
}: {
  clientId: string;
  detail: LeadDetail;
  timeZone: string;
  now: Date;
}) {
  const { lead } = detail;
  return (
    <>
      <CrmLeadHeader lead={lead} openStreaks={detail.openStreaks} timeZone={timeZone} now={now} />
      <section aria-labelledby="crm-conversation-title" className="space-y-3">
        <h3 id="crm-conversation-title" className="text-sm font-semibold text-slate-900">
          Conversation
        </h3>
        <CrmConversation
          messages={detail.messages}
          truncated={detail.messagesTruncated}
          leadName={lead.name}
          timeZone={timeZone}
          deliveries={detail.delivery.byMessageId}
        />
        <CrmReplyForm
          key={lead.id}
          clientId={clientId}
          leadId={lead.id}
          channels={detail.channels}
          defaultChannel={detail.defaultReplyChannel}
          timeZone={timeZone}
        />
      </section>
      <CrmDelivery clientId={clientId} leadId={lead.id} delivery={detail.delivery} timeZone={timeZone} />
      <CrmAiActivity items={detail.aiActivity} timeZone={timeZone} now={now} />
      <CrmTiming
        clientId={clientId}
        leadId={lead.id}
        rows={detail.timing}
        queuedChannels={detail.queuedChannels}
        timeZone={timeZone}
        now={now}
      />
    </>
  );
}
