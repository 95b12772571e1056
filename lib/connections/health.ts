import { CredentialDecryptError } from "@/lib/crypto";
import { getPrisma } from "@/lib/db/client";
import { providerText } from "@/lib/providers/http";
import { providerDisplayName } from "@/lib/providers/registry";
import { isProviderError, type TestConnectionResult } from "@/lib/providers/types";
import { OutboundBlockedError } from "./outbound";

/** What "Test connection" found; also stored as Connection.lastErrorKind for failures. */
export type TestOutcome =
  | "ok"
  | "credentials_rejected"
  | "missing_permission"
  | "blocked"
  | "unreachable"
  | "tls"
  | "timeout"
  | "unavailable"
  | "rate_limited"
  | "not_found"
  | "bad_response"
  | "invalid"
  | "credentials_unreadable"
  | "error";

export interface TestReport {
  ok: boolean;
  outcome: TestOutcome;
  /** one clear sentence for people */
  message: string;
  summary?: string;
  scopes?: number;
  clusters?: number;
}


/** Maps a testConnection() result or its failure to a clear message. */
export function describeTestResult(provider: string, r: TestConnectionResult | unknown): TestReport {
  const name = providerDisplayName(provider);
  if (r && typeof r === "object" && (r as TestConnectionResult).ok === true && !(r instanceof Error)) {
    const t = r as TestConnectionResult;
    return { ok: true, outcome: "ok", message: `Works: the credentials can see ${t.summary}.`, summary: t.summary, scopes: t.scopes, clusters: t.clusters };
  }
  if (r instanceof OutboundBlockedError) return { ok: false, outcome: "blocked", message: `Refused by the outbound safety policy: ${r.message}` };
  if (r instanceof CredentialDecryptError) return { ok: false, outcome: "credentials_unreadable", message: `The stored credentials cannot be decrypted: ${r.message}` };
  if (isProviderError(r)) {
    const msg = r.message;
    switch (r.kind) {
      case "unauthorized":
        return { ok: false, outcome: "credentials_rejected", message: `Wrong credentials: ${name} rejected them (${msg}).` };
      case "forbidden":
        // status null: refused before anything was sent (outbound safety on a redirect or DNS answer)
        if (r.status === null) return { ok: false, outcome: "blocked", message: `Refused by the outbound safety policy: ${msg}` };
        return { ok: false, outcome: "missing_permission", message: `Missing permission: the credentials are valid but ${name} refused a call (${msg}).` };
      case "timeout":
        return { ok: false, outcome: "timeout", message: `Timeout: ${msg}. Check the base URL and any firewall between Clusterdeck and ${name}.` };
      case "rate_limited":
        return { ok: false, outcome: "rate_limited", message: `Rate limited by ${name}; try again in a moment (${msg}).` };
      case "not_found":
        return { ok: false, outcome: "not_found", message: `Not found: ${name} answered 404 (${msg}) — is the base URL right?` };
      case "bad_response":
        return { ok: false, outcome: "bad_response", message: `Unexpected answer: ${msg} — is the base URL a ${name} API?` };
      case "invalid":
      case "conflict":
        return { ok: false, outcome: "invalid", message: `${name} refused the request: ${msg}` };
      case "unavailable": {
        const cause = r.cause as { tls?: boolean } | undefined;
        if (cause?.tls || /TLS failure/i.test(msg)) return { ok: false, outcome: "tls", message: `TLS failure: ${msg}. The server's certificate is not valid for this host or not trusted.` };
        if (r.status === null) return { ok: false, outcome: "unreachable", message: `Unreachable host: ${msg}.` };
        return { ok: false, outcome: "unavailable", message: `${name} is unavailable right now (${msg}).` };
      }
    }
  }
  return { ok: false, outcome: "error", message: `The test failed: ${(r as Error)?.message ?? String(r)}` };
}

/** a connection's last error as stored and shown: our own wording around the provider's (capped) message */
const CONNECTION_ERROR_MAX = 1000;

/**
 * Stores the health of a connection after a test or a sync (the sync engine reuses this):
 * success clears the error; a rejected credential shows "credential_rejected" with the provider's
 * message until it is fixed; other failures show "failing".
 */
export async function recordConnectionHealth(
  connectionId: string,
  result: TestConnectionResult | unknown,
  opts: { synced?: boolean; secrets?: string[]; at?: Date } = {},
): Promise<TestReport> {
  const prisma = getPrisma();
  const row = await prisma.connection.findUnique({ where: { id: connectionId }, select: { provider: true, state: true, lastSyncAt: true } });
  if (!row) throw new Error("connection not found");
  const report = describeTestResult(row.provider, result);
  // provider text is hostile: redacted (lib/providers/http.ts) and capped before it is stored and shown
  report.message = providerText(report.message, opts.secrets ?? [], CONNECTION_ERROR_MAX);
  const now = opts.at ?? new Date();
  if (report.ok) {
    const wasBroken = row.state === "credential_rejected" || row.state === "failing";
    await prisma.connection.update({
      where: { id: connectionId },
      data: {
        lastSuccessAt: now,
        lastError: null,
        lastErrorKind: null,
        consecutiveFailures: 0,
        ...(opts.synced
          ? { state: "fresh", lastSyncAt: now }
          : wasBroken
            ? { state: row.lastSyncAt ? "stale" : "never_synced", nextSyncAt: now }
            : {}),
      },
    });
  } else {
    await prisma.connection.update({
      where: { id: connectionId },
      data: {
        state: report.outcome === "credentials_rejected" ? "credential_rejected" : "failing",
        lastError: report.message,
        lastErrorKind: report.outcome,
        consecutiveFailures: { increment: 1 },
      },
    });
  }
  return report;
}
