// The CRM lead list: the workspace's leads by last activity, paginated.
import type { Db } from "@/lib/prisma-client";

export const LEADS_PER_PAGE = 50;

export type LeadListRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  status: string;
  lastInboundAt: Date | null;
  lastOutboundAt: Date | null;
  appointmentStatus: string | null;
  appointmentBookedAt: Date | null;
};

export async function listLeads({ db, clientId, page }: { db: Db; clientId: string; page: number }) {
  const skip = (page - 1) * LEADS_PER_PAGE;
  const [total, rows] = await Promise.all([
    db.lead.count({ where: { clientId } }),
    db.lead.findMany({
      where: { clientId },
      orderBy: [{ lastInboundAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      skip,
      take: LEADS_PER_PAGE,
      select: {
        id: true,
        name: true,
        email: true,
        phone: true,
        status: true,
        lastInboundAt: true,
        lastOutboundAt: true,
        appointmentStatus: true,
        appointmentBookedAt: true,
      },
    }),
  ]);
  return { total, page, pageCount: Math.max(1, Math.ceil(total / LEADS_PER_PAGE)), rows: rows as LeadListRow[] };
}
