import { csvResponse } from "@/lib/csv";
import { apiRoute } from "@/lib/api/handler";
import { auditCsvStream, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

export const dynamic = "force-dynamic";

/** Audit events of the caller's team: ?action=&actor=&result=&from=&to=&page=&pageSize=&format=csv (admins). */
export const GET = apiRoute({ permission: "audit.read", name: "/api/v1/audit", query: auditQuerySchema }, async ({ actor, query }) => {
  if (query.format === "csv") {
    return csvResponse(auditCsvStream(actor.teamId, query), "audit");
  }
  return listAuditEvents(actor.teamId, query);
});
