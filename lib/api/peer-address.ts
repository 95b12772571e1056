/**
 * The address of the TCP peer (the connection's own remote address), for route handlers and server
 * components, which Next.js only hands a Web Request without the socket. Next fills X-Forwarded-For
 * from the socket only when the client sent none, so that header alone cannot tell the two apart.
 *
 * `installPeerAddressStamp()` (called first thing in instrumentation.ts, in the server process of
 * scripts/server.mjs — from the source tree or as the standalone `node server.mjs` — and `next dev` alike) makes every Node http/https
 * server in the process overwrite the request header `x-clusterdeck-peer` with
 * `<per-process secret> <socket remote address>` before any listener sees the request. A client
 * cannot forge it: a value without this process's secret is ignored, and the server replaces
 * whatever was sent. `peerAddress(headers)` reads it back.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";

export const PEER_HEADER = "x-clusterdeck-peer";

interface PeerState {
  secret: string;
  installed: boolean;
}

const KEY = Symbol.for("clusterdeck.peerAddress");
const g = globalThis as unknown as Record<symbol, PeerState | undefined>;
const state = (): PeerState => (g[KEY] ??= { secret: randomBytes(18).toString("base64url"), installed: false });

/** Idempotent; covers servers created before and after the call (it patches the prototypes). */
export function installPeerAddressStamp(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean }[]) {
    const original = proto.emit;
    proto.emit = function emit(this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request" || event === "upgrade" || event === "checkContinue") stamp(args[0] as http.IncomingMessage);
      return original.call(this, event, ...args);
    };
  }
}

function stamp(req: http.IncomingMessage | undefined) {
  if (!req?.headers) return;
  const addr = req.socket?.remoteAddress;
  if (addr) req.headers[PEER_HEADER] = `${state().secret} ${normalizeAddress(addr)}`;
  else delete req.headers[PEER_HEADER];
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) as plain IPv4, so limits and audit see one form */
export function normalizeAddress(addr: string): string {
  const a = addr.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

/** The connection's own remote address, or null when the request did not pass through a stamped server. */
export function peerAddress(headers: Headers): string | null {
  const v = headers.get(PEER_HEADER);
  if (!v) return null;
  const i = v.indexOf(" ");
  if (i < 0 || v.slice(0, i) !== state().secret) return null;
  return v.slice(i + 1).slice(0, 64) || null;
}

/** Tests: the header value this process would stamp for `addr`. */
export function stampedValue(addr: string): string {
  return `${state().secret} ${addr}`;
}
