// What a classified reply does to the lead's status. Only the lead's latest inbound
// moves it (an older reply processed late must not undo a newer one), and booking truth
// is never downgraded: MEETING_BOOKED comes from the appointment sync, not from words.
import type { LeadSentiment, LeadStatus } from "@/lib/generated/prisma/enums";

export function nextLeadStatus(current: LeadStatus, sentiment: LeadSentiment): LeadStatus {
  if (current === "MEETING_BOOKED" || current === "UNQUALIFIED") return current;
  switch (sentiment) {
    case "NEGATIVE":
      return "NOT_INTERESTED";
    case "OUT_OF_OFFICE":
      // An auto-reply is not the lead engaging.
      return current;
    case "POSITIVE":
    case "MEETING_REQUESTED":
      // A lead who said no and now says yes has changed their mind.
      return current === "NEW" || current === "CONTACTED" || current === "NOT_INTERESTED" ? "ENGAGED" : current;
    case "NEUTRAL":
      return current === "NEW" || current === "CONTACTED" ? "ENGAGED" : current;
  }
}
