/** Read model: the whole filtered cluster list as CSV (GET /api/v1/clusters?format=csv). */
import { getPrisma, type Prisma } from "@/lib/db/client";
import { csvCell } from "@/lib/csv";
import type { ClusterRow, ConnectionSummary } from "./api-types";
import { ROW_SELECT, toRow } from "./cluster-rows";
import { buildOrderBy, buildWhere, type ClusterQuery } from "./cluster-query";
import { connectionSummaries } from "./connection-summaries";

const CSV_COLUMNS: [string, (r: ClusterRow) => string | number | boolean | null][] = [
  ["name", (r) => r.name],
  ["provider", (r) => r.provider],
  ["connection", (r) => r.connectionName],
  ["scope", (r) => r.scopeName ?? r.scope],
  ["region", (r) => r.region],
  ["version", (r) => r.version],
  ["status", (r) => r.status],
  ["providerStatus", (r) => r.providerStatus],
  ["nodes", (r) => r.nodeCount],
  ["eol", (r) => r.eol?.slice(0, 10) ?? null],
  ["eolState", (r) => r.eolState],
  ["apiEndpoint", (r) => r.apiEndpoint],
  ["createdAt", (r) => r.createdAt],
  ["connectionState", (r) => r.connectionState],
  ["goneAt", (r) => r.goneAt],
  ["id", (r) => r.id],
  ["externalId", (r) => r.externalId],
];


/** The whole filtered, sorted set as CSV, streamed in pages of 1,000 rows (pagination parameters are ignored). */
export function clustersCsvStream(teamId: string, q: ClusterQuery, now = new Date()): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const PAGE = 1000;
  let where: Prisma.ClusterSnapshotWhereInput | undefined;
  let byId = new Map<string, ConnectionSummary>();
  let skip = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!where) {
          const connections = await connectionSummaries(teamId, now);
          byId = new Map(connections.map((c) => [c.id, c]));
          where = buildWhere(teamId, q, connections, now);
        }
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(enc.encode(CSV_COLUMNS.map(([h]) => h).join(",") + "\r\n"));
          return;
        }
        const rows = await getPrisma().clusterSnapshot.findMany({ where, orderBy: buildOrderBy(q.sort), skip, take: PAGE, select: ROW_SELECT });
        skip += rows.length;
        if (rows.length) {
          const running = new Map<string, ClusterRow["runningOperation"]>();
          const text = rows.map((r) => CSV_COLUMNS.map(([, f]) => csvCell(f(toRow(r, byId, running, now)))).join(",")).join("\r\n") + "\r\n";
          controller.enqueue(enc.encode(text));
        }
        if (rows.length < PAGE) controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
}

