/**
 * Helpers for the multi-replica and failure tests: a counting HTTP proxy in front of a provider
 * simulator (one path prefix per connection, so every provider request is attributed to its
 * connection), replica child processes (test/failure/worker-child.ts), and seeding.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const TEST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ProxyHit {
  conn: string;
  method: string;
  path: string;
  at: number;
  /** the X-Request-Id the client sent */
  requestId?: string;
  /** true when an Authorization header was sent (its value is not kept) */
  authorized: boolean;
}

export interface CountingProxy {
  url: string;
  port: number;
  hits: ProxyHit[];
  /** base URL a connection named `conn` should use */
  baseUrl(conn: string): string;
  count(conn: string, filter?: (h: ProxyHit) => boolean): number;
  /** answer this instead of forwarding (malformed/huge bodies) */
  override?: (h: ProxyHit, req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  latencyMs: number;
  close(): Promise<void>;
}

/** Forwards http://127.0.0.1:<port>/<conn>/<path> to `target`/<path>, recording every request. */
export async function startCountingProxy(target: string, latencyMs = 0): Promise<CountingProxy> {
  const t = new URL(target);
  const proxy: CountingProxy = {
    url: "",
    port: 0,
    hits: [],
    latencyMs,
    baseUrl: (conn) => `${proxy.url}/${conn}`,
    count: (conn, filter) => proxy.hits.filter((h) => h.conn === conn && (!filter || filter(h))).length,
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = http.createServer((req, res) => {
    const m = /^\/([^/]+)(\/.*)?$/.exec(req.url ?? "/");
    const conn = m?.[1] ?? "";
    const rest = m?.[2] ?? "/";
    const rid = req.headers["x-request-id"];
    const hit: ProxyHit = { conn, method: req.method ?? "GET", path: rest.split("?")[0], at: Date.now(), requestId: typeof rid === "string" ? rid : undefined, authorized: !!req.headers.authorization };
    proxy.hits.push(hit);
    if (proxy.override?.(hit, req, res)) return;
    setTimeout(() => {
      // a fresh upstream connection per request: a reused keep-alive socket the simulator closes while
      // idle would reset the request, and the client's retry would count as a second provider request
      const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: rest, headers: { ...req.headers, host: t.host }, agent: false }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on("error", () => res.destroy());
      req.pipe(up);
    }, proxy.latencyMs);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}

export interface Replica {
  child: ChildProcess;
  port: number;
  workerId: string;
  output: () => string;
  get(pathAndQuery: string, token: string): Promise<{ status: number; body: unknown }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a replica process (real worker + a few API routes) against `databaseUrl`. */
export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/failure/worker-child.ts")], {
    cwd: root,
    env: { ...process.env, ENCRYPTION_KEY: TEST_KEY, LOG_LEVEL: "warn", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /READY (\d+) (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited (${code}) before it was ready:\n${out}`));
    });
  });
  const port = Number(ready[1]);
  return {
    child,
    port,
    workerId: ready[2],
    output: () => out,
    async get(p, token) {
      const r = await fetch(`http://127.0.0.1:${port}${p}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: r.status, body: await r.json() };
    },
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}

/** A team with an owner and an API token (test/support/factories.ts). */
export async function seedOwner(label: string) {
  const { makeMember } = await import("@/test/support/factories");
  const { team, user, token } = await makeMember({ teamName: `Replica ${label}`, email: `owner-${label}@example.com`, role: "owner", tokenName: "replicas" });
  return { team, user, token };
}

/** Stored connections (credentials encrypted as the app does) pointing at `baseUrl(name)`. */
export async function createConnections(teamId: string, names: string[], baseUrl: (name: string) => string, credentials: Record<string, string>, provider = "nks", nextSyncAt = new Date()) {
  const { makeConnection } = await import("@/test/support/factories");
  const ids: Record<string, string> = {};
  for (const name of names) ids[name] = (await makeConnection({ teamId, provider, name, baseUrl: baseUrl(name), credentials, nextSyncAt })).id;
  return ids;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
