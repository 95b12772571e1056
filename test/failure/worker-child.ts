/**
 * One Clusterdeck "replica" for the multi-replica and failure tests: the real background worker
 * (startWorker(allJobs()), exactly what lib/boot.ts starts) against DATABASE_URL, plus a tiny HTTP
 * server that serves a few real API route handlers from this process, so two replicas can be asked
 * for the same data. Prints `READY <port> <workerId>` once serving. Started with
 *   node --import tsx test/failure/worker-child.ts
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const { startWorker, WORKER_ID } = await import("@/lib/worker");
const { allJobs } = await import("@/lib/worker/jobs");
const routes: Record<string, Handler> = {
  "/api/v1/clusters": ((await import("@/app/api/v1/clusters/route")) as unknown as { GET: Handler }).GET,
  "/api/v1/operations": ((await import("@/app/api/v1/operations/route")) as unknown as { GET: Handler }).GET,
};

const worker = process.env.CHILD_NO_WORKER ? null : startWorker(await allJobs());

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const h = routes[url.pathname];
  if (!h) return void res.writeHead(404).end();
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const r = await h(new Request(url, { method: req.method, headers }), { params: Promise.resolve({}) });
  res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" });
  res.end(Buffer.from(await r.arrayBuffer()));
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port} ${WORKER_ID}\n`);
});

process.on("SIGTERM", async () => {
  server.close();
  await worker?.stop();
  process.exit(0);
});
