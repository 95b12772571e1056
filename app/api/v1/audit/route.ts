import { apiRoute } from "@/lib/api/handler";
import { auditCsvStream, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

export const dynamic = "force-dynamic";

/** Audit events of the caller's team: ?action=&actor=&result=&from=&to=&page=&pageSize=&format=csv (admins). */
export const GET = apiRoute({ permission: "audit.read", name: "/api/v1/audit", query: auditQuerySchema }, async ({ actor, query }) => {
  if (query.format === "csv") {
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(auditCsvStream(actor.teamId, query), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-${stamp}.csv"`, "cache-control": "no-store" },
    });
  }
  return listAuditEvents(actor.teamId, query);
});
