import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { SimClock } from "./clock";
import { decideFault, faultConfigSchema, latencyFor, parseFaultsFromEnv, type FaultConfig } from "./faults";
import { SeededRandom } from "./random";

/** Every simulator serves its admin API under this prefix; no provider uses it. */
export const ADMIN_PREFIX = "/__sim";

export interface SimRequest {
  method: string;
  /** path without the query string, as received */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** parsed JSON body, or undefined; `rawBody` keeps the text */
  body: unknown;
  rawBody: string;
  /** true when the body was present but not valid JSON */
  bodyInvalid: boolean;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** raw text body (e.g. kubeconfig YAML); wins over `body` */
  text?: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: SimHandler;
}

/** Minimal router: "/orgs/:org/clusters/:id"; a trailing slash is optional on every route. */
export class Router {
  private routes: Route[] = [];

  add(method: string, path: string, handler: SimHandler): this {
    const keys: string[] = [];
    const source = path
      .replace(/\/+$/, "")
      .split("/")
      .map((seg) => {
        if (seg.startsWith(":")) {
          keys.push(seg.slice(1));
          return "([^/]+)";
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  get(p: string, h: SimHandler) { return this.add("GET", p, h); }
  post(p: string, h: SimHandler) { return this.add("POST", p, h); }
  put(p: string, h: SimHandler) { return this.add("PUT", p, h); }
  patch(p: string, h: SimHandler) { return this.add("PATCH", p, h); }
  delete(p: string, h: SimHandler) { return this.add("DELETE", p, h); }

  /** "matched", "method" (path exists with another method) or undefined */
  match(method: string, path: string): { handler: SimHandler; params: Record<string, string> } | "method" | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      return { handler: r.handler, params };
    }
    return pathMatched ? "method" : undefined;
  }
}

export interface SimulatorDefinition {
  name: string;
  router: Router;
  /** answers for unknown paths / methods, in the provider's own error format */
  notFound(req: SimRequest): SimResponse;
  methodNotAllowed(req: SimRequest): SimResponse;
  /** answer for a body that is not JSON */
  invalidJson?(req: SimRequest): SimResponse;
  /** re-seed the in-memory state */
  reset(): void;
  /** counts for the admin state endpoint */
  describe?(): Record<string, unknown>;
  /** body of an injected error in the provider's own format (default: {"detail": ...}) */
  injectedError?(status: number): unknown;
  /** a whole injected error answer (headers, non-JSON bodies), for providers that need more than a body; wins over injectedError */
  injectedResponse?(status: number, req: SimRequest): SimResponse;
  /** extra admin routes below /__sim (e.g. "/tokens") */
  admin?: Router;
}

export interface RunningSimulator {
  name: string;
  url: string;
  port: number;
  faults: FaultConfig;
  setFaults(f: Partial<FaultConfig>): void;
  close(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  host?: string;
  faults?: FaultConfig;
  seed?: number | string;
  /** serve https with this certificate (kit/tls.ts) instead of plain http */
  tls?: { cert: string; key: string };
}

/**
 * Serves a simulator over real HTTP with the admin API:
 *   GET  /__sim/health           {"status":"ok", name}
 *   POST /__sim/reset            re-seeds state and clears faults
 *   GET  /__sim/faults           current fault configuration
 *   PUT  /__sim/faults           replaces it (JSON body, see faults.ts); {} clears
 *   POST /__sim/clock            {"advanceMs": n} or {"scale": n}
 *   GET  /__sim/state            counts from the simulator
 */
export async function startSimulator(def: SimulatorDefinition, clock: SimClock, opts: StartOptions = {}): Promise<RunningSimulator> {
  let faults: FaultConfig = opts.faults ?? parseFaultsFromEnv(process.env.SIM_FAULTS);
  const faultRandom = new SeededRandom(`${opts.seed ?? process.env.SIM_SEED ?? 42}:faults:${def.name}`);
  const hanging = new Set<http.ServerResponse>();

  const handle: http.RequestListener = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sim");
    const rawBody = await readBody(req);
    let body: unknown;
    let bodyInvalid = false;
    if (rawBody.length) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        bodyInvalid = true;
      }
    }
    const simReq: SimRequest = { method: req.method ?? "GET", path: url.pathname, params: {}, query: url.searchParams, headers: req.headers, body, rawBody, bodyInvalid };

    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      return send(res, await admin(simReq));
    }

    const decision = decideFault(faults, simReq.method, simReq.path, () => faultRandom.next());
    const delay = latencyFor(faults, () => faultRandom.next());
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (decision.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return; // never answered
    }
    if (decision.kind === "status") {
      const headers: Record<string, string> = {};
      if (decision.status === 429 || decision.status === 503) headers["Retry-After"] = String(faults.retryAfterSeconds);
      const custom = def.injectedResponse?.(decision.status, simReq);
      if (custom) return send(res, { ...custom, headers: { ...custom.headers, ...headers } });
      return send(res, { status: decision.status, body: def.injectedError?.(decision.status) ?? injectedErrorBody(decision.status), headers });
    }

    let answer: SimResponse;
    try {
      const m = def.router.match(simReq.method, simReq.path);
      if (m === undefined) answer = def.notFound(simReq);
      else if (m === "method") answer = def.methodNotAllowed(simReq);
      else if (simReq.bodyInvalid && def.invalidJson) answer = def.invalidJson(simReq);
      else answer = await m.handler({ ...simReq, params: m.params });
    } catch (e) {
      answer = { status: 500, body: { error: "simulator error", message: (e as Error).message } };
    }

    if (decision.kind === "malformed") {
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      return res.end('{"items": [ {"id": 1, "name": "oops"  <html>');
    }
    if (decision.kind === "truncated") {
      const text = JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return res.destroy();
    }
    if (decision.kind === "oversize") {
      return streamOversize(res, decision.bytes);
    }
    send(res, answer);
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handle) : http.createServer(handle);

  async function admin(req: SimRequest): Promise<SimResponse> {
    const sub = req.path.slice(ADMIN_PREFIX.length) || "/";
    if (sub === "/health" && req.method === "GET") return { status: 200, body: { status: "ok", name: def.name } };
    if (sub === "/reset" && req.method === "POST") {
      def.reset();
      faults = faultConfigSchema.parse({});
      return { status: 200, body: { reset: true } };
    }
    if (sub === "/faults" && req.method === "GET") return { status: 200, body: faults };
    if (sub === "/faults" && req.method === "PUT") {
      const parsed = faultConfigSchema.safeParse(req.body ?? {});
      if (!parsed.success) return { status: 400, body: { error: "invalid fault configuration", issues: parsed.error.issues } };
      faults = parsed.data;
      if (faults.hangRate === 0) for (const r of hanging) r.destroy();
      return { status: 200, body: faults };
    }
    if (sub === "/clock" && req.method === "POST") {
      const b = (req.body ?? {}) as { advanceMs?: number; scale?: number };
      if (typeof b.advanceMs === "number") clock.advance(b.advanceMs);
      if (typeof b.scale === "number" && b.scale > 0) clock.setScale(b.scale);
      return { status: 200, body: { now: clock.iso(), scale: clock.scale } };
    }
    if (sub === "/state" && req.method === "GET") return { status: 200, body: { name: def.name, now: clock.iso(), scale: clock.scale, ...def.describe?.() } };
    const m = def.admin?.match(req.method, sub);
    if (m && m !== "method") return m.handler({ ...req, params: m.params });
    return { status: 404, body: { error: `unknown simulator admin route ${req.method} ${sub}` } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? "127.0.0.1";

  return {
    name: def.name,
    url: `${opts.tls ? "https" : "http"}://${host}:${port}`,
    port,
    get faults() {
      return faults;
    },
    setFaults(f) {
      faults = faultConfigSchema.parse({ ...f });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function injectedErrorBody(status: number) {
  if (status === 429) return { detail: "Request was throttled." };
  return { detail: status === 503 ? "Service Unavailable" : status === 502 ? "Bad Gateway" : "Internal Server Error" };
}

function streamOversize(res: http.ServerResponse, bytes: number) {
  res.writeHead(200, { "Content-Type": "application/json" });
  const chunk = Buffer.from(`{"pad":"${"x".repeat(64 * 1024 - 10)}"},`);
  let sent = 0;
  res.write("[");
  const pump = () => {
    while (sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) return res.once("drain", pump);
    }
    res.end("{}]");
  };
  res.on("error", () => {});
  pump();
}

function send(res: http.ServerResponse, answer: SimResponse) {
  if (res.headersSent || res.destroyed) return;
  if (answer.text !== undefined) {
    res.writeHead(answer.status, { "Content-Type": "text/plain; charset=utf-8", ...answer.headers });
    return res.end(answer.text);
  }
  if (answer.body === undefined || answer.status === 204) {
    res.writeHead(answer.status, { ...answer.headers });
    return res.end();
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...answer.headers });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= 8 * 1024 * 1024) chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

/** Reads "Authorization: <scheme> <value>", case-insensitive on the scheme. */
export function authorization(req: SimRequest): { scheme: string; value: string; raw: string } | undefined {
  const raw = req.headers.authorization;
  if (!raw) return undefined;
  const [scheme, ...rest] = raw.split(" ");
  return { scheme: scheme.toLowerCase(), value: rest.join(" "), raw };
}
