import { apiRoute } from "@/lib/api/handler";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

export const dynamic = "force-dynamic";

/** Audit events of the caller's team: ?action=&actor=&result=&from=&to=&page=&pageSize= (admins). */
export const GET = apiRoute({ permission: "audit.read", name: "/api/v1/audit", query: auditQuerySchema }, async ({ actor, query }) => listAuditEvents(actor.teamId, query));
