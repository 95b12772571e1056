/** Read model: the whole filtered cluster list as CSV (GET /api/v1/clusters?format=csv). */
import { getPrisma, Prisma } from "@/lib/db/client";
import { csvCell } from "@/lib/csv";
import type { ClusterRow, ConnectionSummary } from "./api-types";
import { ROW_JSON_SQL, snapRowFromJson, toRow, type ListRow } from "./cluster-rows";
import { orderSql, whereSql, type ClusterQuery } from "./cluster-query";
import { connectionSummaries } from "./connection-summaries";
import { duplicateSnapshots } from "./duplicates";

/** rows read per statement while streaming */
const CSV_SLICE = 2000;

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


/**
 * The whole filtered, sorted set as CSV (pagination parameters are ignored), streamed: first the ids
 * of the set in order (one statement; a few hundred KB at 10,000 clusters), then the rows by primary
 * key in slices of CSV_SLICE, the next one asked for while this one is written. Linear in the set (no
 * OFFSET re-sorting per page) and bounded in memory by two slices.
 */
export function clustersCsvStream(teamId: string, q: ClusterQuery, now = new Date(), sliceSize = CSV_SLICE): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const prisma = getPrisma();
  let ids: string[] | undefined;
  let byId = new Map<string, ConnectionSummary>();
  let next = 0;
  /** the next slice's rows, asked for before this one is written: the database works while JS formats */
  let ahead: Promise<Map<string, ListRow>> | undefined;
  const readSlice = (slice: string[]) => {
    const read = prisma.$queryRaw<{ rows: string }[]>`SELECT COALESCE(json_agg(${ROW_JSON_SQL}), '[]'::json)::text AS rows FROM "ClusterSnapshot" c WHERE c.id = ANY(${slice}::text[])`.then(
      ([part]) => new Map((JSON.parse(part.rows) as Record<string, unknown>[]).map((j) => [String(j.id), snapRowFromJson(j)])),
    );
    // a failure is raised when the slice is awaited (or the stream was cancelled: then it is moot)
    read.catch(() => {});
    return read;
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(enc.encode(CSV_COLUMNS.map(([h]) => h).join(",") + "\r\n"));
    },
    async pull(controller) {
      try {
        if (!ids) {
          const [connections, dups] = await Promise.all([connectionSummaries(teamId, now), duplicateSnapshots(teamId)]);
          byId = new Map(connections.map((c) => [c.id, c]));
          const { orderBy, needsConnection } = orderSql(q.sort);
          const join = needsConnection ? Prisma.sql`JOIN "Connection" cn ON cn.id = c."connectionId"` : Prisma.empty;
          // one JSON array of ids (one value for the driver to hand over, not a row per cluster)
          const [set] = await prisma.$queryRaw<{ ids: string }[]>`SELECT array_to_json(ARRAY(SELECT c.id FROM "ClusterSnapshot" c ${join} WHERE ${whereSql(teamId, q, connections, now, dups)} ORDER BY ${orderBy}))::text AS ids`;
          ids = JSON.parse(set.ids) as string[];
        }
        const slice = ids.slice(next, next + sliceSize);
        next += slice.length;
        if (slice.length) {
          const current = ahead ?? readSlice(slice);
          ahead = next < ids.length ? readSlice(ids.slice(next, next + sliceSize)) : undefined;
          const found = await current;
          const running = new Map<string, ClusterRow["runningOperation"]>();
          let text = "";
          for (const id of slice) {
            // a row deleted since the ids were read is left out
            const r = found.get(id);
            if (!r) continue;
            const row = toRow(r, byId, running, now);
            text += CSV_COLUMNS.map(([, f]) => csvCell(f(row))).join(",") + "\r\n";
          }
          controller.enqueue(enc.encode(text));
        }
        if (next >= ids.length) controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
}
