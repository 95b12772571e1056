/**
 * Provider connections of a team: list, add, edit, rotate credentials, test, delete, demo.
 * Credentials are write-only: they are validated, tested, encrypted and stored, and never leave
 * this module again except decrypted inside adapterForConnection for provider calls.
 */
import { z } from "zod";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import { audit, type TeamActorContext } from "@/lib/audit";
import { config } from "@/lib/config";
import { credentialsHint, decryptCredentials, encryptCredentials } from "@/lib/crypto";
import { accountKey, sameAccountConnections, sameAccountWarning } from "./account-key";
import { getPrisma } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { providerText } from "@/lib/providers/http";
import { getProvider, isProviderKind } from "@/lib/providers/registry";
import type { HttpOptions } from "@/lib/providers/types";
import { adapterFor, adapterForConnection, newConnectionId, teamPrivateNetworks } from "./adapter";
import { describeTestResult, recordConnectionHealth, type TestReport } from "./health";
import { OutboundBlockedError, validateBaseUrl } from "./outbound";
import { parsePrivateNetworks } from "./private-networks";


// ---------------------------------------------------------------- input

const name = z.string().trim().min(1, "a name is required").max(100, "at most 100 characters");
const baseUrl = z.string().trim().min(1).max(2000, "at most 2000 characters");
const defaultScope = z.string().trim().max(200).nullable().optional();
// per-field limits come from the provider's credentialFields (default 8192; a kubeconfig may be longer)
const credentials = z.record(z.string(), z.string().max(256 * 1024, "at most 256 KiB"));

export const createConnectionSchema = z.object({
  provider: z.string().refine(isProviderKind, { message: "unknown provider kind" }),
  name,
  baseUrl: baseUrl.optional(),
  credentials,
  defaultScope,
  /** Kubernetes API: the kubeconfig contexts to read (default: all); stored with the credentials */
  contexts: z.array(z.string().trim().min(1).max(253)).max(100).optional(),
  /** test the credentials against the provider before storing them (default true) */
  test: z.boolean().optional(),
});
export type CreateConnectionInput = z.infer<typeof createConnectionSchema>;

export const updateConnectionSchema = z
  .object({ name: name.optional(), baseUrl: baseUrl.optional(), credentials: credentials.optional(), defaultScope })
  .strict();
export type UpdateConnectionInput = z.infer<typeof updateConnectionSchema>;

function parseCredentials(provider: string, input: Record<string, string>): Record<string, string> {
  const def = getProvider(provider);
  const tooLong = def.credentialFields
    .filter((f) => (input[f.name]?.length ?? 0) > (f.maxLength ?? 8192))
    .map((f) => ({ field: `credentials.${f.name}`, message: `at most ${f.maxLength ?? 8192} characters` }));
  const unknownLong = Object.entries(input).filter(([k, v]) => !def.credentialFields.some((f) => f.name === k) && v.length > 8192);
  for (const [k] of unknownLong) tooLong.push({ field: `credentials.${k}`, message: "at most 8192 characters" });
  if (tooLong.length) throw new ApiError(400, "invalid_request", `invalid body: ${tooLong.map((f) => `${f.field}: ${f.message}`).join("; ")}`, { fields: tooLong });
  const r = def.credentialsSchema.safeParse(input);
  if (!r.success) {
    // messages come from the schema; values are never echoed
    const fields = r.error.issues.map((i) => ({ field: `credentials.${i.path.join(".")}`, message: i.message }));
    throw new ApiError(400, "invalid_request", `invalid body: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`, { fields });
  }
  return Object.fromEntries(Object.entries(r.data).filter(([, v]) => typeof v === "string"));
}

async function checkBaseUrl(input: string, privateNetworks?: string[]): Promise<string> {
  if (!input) {
    const message = "enter the API server URL (or a kubeconfig, which names its servers)";
    throw new ApiError(400, "invalid_request", `invalid body: baseUrl: ${message}`, { fields: [{ field: "baseUrl", message }] });
  }
  try {
    const url = await validateBaseUrl(input, privateNetworks ? { privateNetworks: parsePrivateNetworks(privateNetworks) } : {});
    return url.href.replace(/\/+$/, "");
  } catch (e) {
    if (e instanceof OutboundBlockedError) throw new ApiError(400, "base_url_refused", `baseUrl: ${e.message}`, { fields: [{ field: "baseUrl", message: e.message }] });
    throw e;
  }
}

const secretsOf = (c: Record<string, string>) => Object.values(c).filter((v) => v.length >= 4);

// ---------------------------------------------------------------- output

const VIEW_SELECT = {
  id: true,
  provider: true,
  name: true,
  baseUrl: true,
  defaultScope: true,
  demo: true,
  credentialsHint: true,
  credentialsSetAt: true,
  accountKey: true,
  state: true,
  lastSyncAt: true,
  lastSuccessAt: true,
  lastError: true,
  lastErrorKind: true,
  consecutiveFailures: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { clusters: true } },
} as const;

type ViewRow = {
  id: string;
  provider: string;
  name: string;
  baseUrl: string;
  defaultScope: string | null;
  demo: boolean;
  credentialsHint: string;
  credentialsSetAt: Date;
  accountKey: string | null;
  state: string;
  lastSyncAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorKind: string | null;
  consecutiveFailures: number;
  createdAt: Date;
  updatedAt: Date;
  _count: { clusters: number };
};

/** The public shape of a connection: no credentials, no ciphertext. */
export interface ConnectionView {
  id: string;
  provider: string;
  providerName: string;
  scopeLabel: string;
  name: string;
  baseUrl: string;
  defaultScope: string | null;
  demo: boolean;
  credentialsHint: string;
  credentialsSetAt: string;
  state: string;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  consecutiveFailures: number;
  clusterCount: number;
  /** other connections of the team that reach the same provider account (issue 18 #8; lib/connections/account-key.ts) */
  sameAccountAs: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(r: ViewRow, sameAccountAs: { id: string; name: string }[] = []): ConnectionView {
  const p = isProviderKind(r.provider) ? getProvider(r.provider) : null;
  return {
    id: r.id,
    provider: r.provider,
    providerName: p?.displayName ?? r.provider,
    scopeLabel: p?.scopeLabel ?? "Scope",
    name: r.name,
    baseUrl: r.baseUrl,
    defaultScope: r.defaultScope,
    demo: r.demo,
    credentialsHint: r.credentialsHint,
    credentialsSetAt: r.credentialsSetAt.toISOString(),
    state: r.state,
    lastSyncAt: iso(r.lastSyncAt),
    lastSuccessAt: iso(r.lastSuccessAt),
    lastError: r.lastError,
    lastErrorKind: r.lastErrorKind,
    consecutiveFailures: r.consecutiveFailures,
    clusterCount: r._count.clusters,
    sameAccountAs,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listConnections(teamId: string): Promise<ConnectionView[]> {
  const rows = await getPrisma().connection.findMany({ where: { teamId }, select: VIEW_SELECT, orderBy: [{ name: "asc" }] });
  const byOldest = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return rows.map((r) => toView(r, r.accountKey ? byOldest.filter((o) => o.accountKey === r.accountKey && o.id !== r.id).map((o) => ({ id: o.id, name: o.name })) : []));
}

export async function getConnection(teamId: string, id: string): Promise<ConnectionView> {
  const row = await getPrisma().connection.findFirst({ where: { id, teamId }, select: VIEW_SELECT });
  if (!row) throw notFound("connection");
  return toView(row, await sameAccountConnections(teamId, row.id, row.accountKey));
}

// ---------------------------------------------------------------- testing

const testHttp = (): Partial<HttpOptions> => {
  const t = config().PROVIDER_TIMEOUT_SECONDS * 1000;
  return { timeoutMs: t, maxAttempts: 2, budgetMs: Math.round(t * 2.5) };
};

/** Runs adapter.testConnection() for explicit settings; never throws for provider failures. */
export async function testSettings(input: { provider: string; baseUrl: string; credentials: Record<string, string>; defaultScope?: string | null; teamId?: string }, requestId?: string): Promise<TestReport> {
  let report: TestReport;
  try {
    const privateNetworks = input.teamId && getProvider(input.provider).privateNetworks ? await teamPrivateNetworks(input.teamId) : undefined;
    const adapter = await adapterFor(input, { requestId, http: testHttp(), privateNetworks });
    report = describeTestResult(input.provider, await adapter.testConnection());
  } catch (e) {
    report = describeTestResult(input.provider, e);
  }
  report.message = providerText(report.message, secretsOf(input.credentials), 1000);
  return report;
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "P2002";
}

function testFailed(report: TestReport): ApiError {
  return new ApiError(422, "credentials_test_failed", report.message, { outcome: report.outcome });
}

// ---------------------------------------------------------------- mutations

export async function createConnection(ctx: TeamActorContext, input: CreateConnectionInput, opts: { demo?: boolean } = {}): Promise<{ connection: ConnectionView; test?: TestReport; warning?: string }> {
  const provider = getProvider(input.provider);
  const creds = parseCredentials(provider.kind, input.contexts?.length ? { ...input.credentials, contexts: input.contexts.join(",") } : input.credentials);
  const networks = provider.privateNetworks ? await teamPrivateNetworks(ctx.teamId) : undefined;
  const url = await checkBaseUrl(provider.baseUrlFromCredentials?.(creds) ?? (input.baseUrl || provider.defaultBaseUrl), networks);
  const prisma = getPrisma();
  if (await prisma.connection.findFirst({ where: { teamId: ctx.teamId, name: input.name }, select: { id: true } })) throw conflict(`a connection named "${input.name}" already exists`);
  let test: TestReport | undefined;
  if (input.test !== false) {
    test = await testSettings({ provider: provider.kind, baseUrl: url, credentials: creds, defaultScope: input.defaultScope, teamId: ctx.teamId }, ctx.requestId);
    if (!test.ok) {
      await audit({ ...auditBase(ctx), action: "connection.create", targetType: "connection", result: "failure", details: { provider: provider.kind, name: input.name, baseUrl: url, outcome: test.outcome } });
      throw testFailed(test);
    }
  }
  const id = newConnectionId();
  const enc = encryptCredentials(creds, { teamId: ctx.teamId, connectionId: id });
  const now = new Date();
  try {
    await prisma.connection.create({
      data: {
        id,
        teamId: ctx.teamId,
        provider: provider.kind,
        name: input.name,
        baseUrl: url,
        defaultScope: input.defaultScope || null,
        demo: opts.demo ?? false,
        credentialsCiphertext: enc.ciphertext,
        credentialsKeyId: enc.keyId,
        credentialsHint: credentialsHint(creds, provider.credentialFields.map((f) => f.name)),
        credentialsSetAt: now,
        accountKey: accountKey(provider.kind, url, creds),
        nextSyncAt: now,
        ...(test?.ok ? { lastSuccessAt: now } : {}),
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`a connection named "${input.name}" already exists`);
    throw e;
  }
  await audit({ ...auditBase(ctx), action: "connection.create", targetType: "connection", targetId: id, result: "success", details: { provider: provider.kind, name: input.name, baseUrl: url, demo: opts.demo ?? false, tested: !!test } });
  logger.info({ connectionId: id, provider: provider.kind, teamId: ctx.teamId }, "connection added");
  const connection = await getConnection(ctx.teamId, id);
  const warning = sameAccountWarning(connection.sameAccountAs);
  return { connection, test, ...(warning ? { warning } : {}) };
}

export async function updateConnection(ctx: TeamActorContext, id: string, input: UpdateConnectionInput): Promise<{ connection: ConnectionView; test?: TestReport }> {
  const prisma = getPrisma();
  const row = await prisma.connection.findFirst({ where: { id, teamId: ctx.teamId } });
  if (!row) throw notFound("connection");
  const provider = getProvider(row.provider);
  const data: Record<string, unknown> = {};
  const changed: string[] = [];
  if (input.name !== undefined && input.name !== row.name) {
    data.name = input.name;
    changed.push("name");
  }
  if (input.defaultScope !== undefined && (input.defaultScope || null) !== row.defaultScope) {
    data.defaultScope = input.defaultScope || null;
    changed.push("defaultScope");
  }
  let url = row.baseUrl;
  const networks = provider.privateNetworks ? await teamPrivateNetworks(ctx.teamId) : undefined;
  const parsedCreds = input.credentials ? parseCredentials(provider.kind, input.credentials) : undefined;
  const fromCreds = parsedCreds ? (provider.baseUrlFromCredentials?.(parsedCreds) ?? undefined) : undefined;
  const nextBase = fromCreds ?? input.baseUrl;
  if (nextBase !== undefined) {
    const next = await checkBaseUrl(nextBase, networks);
    if (next !== row.baseUrl) {
      // stored credentials are never sent to another host: moving host needs them entered again
      if (new URL(next).origin !== new URL(row.baseUrl).origin && !input.credentials) {
        const message = "enter the credentials again when the base URL moves to another host (stored credentials are never sent to a new host)";
        throw new ApiError(400, "invalid_request", `invalid body: credentials: ${message}`, { fields: [{ field: "credentials", message }] });
      }
      url = next;
      data.baseUrl = next;
      changed.push("baseUrl");
    }
  }
  let test: TestReport | undefined;
  if (parsedCreds) {
    const creds = parsedCreds;
    // new credentials are tested before they replace the old ones
    test = await testSettings({ provider: provider.kind, baseUrl: url, credentials: creds, defaultScope: (data.defaultScope as string | null | undefined) ?? row.defaultScope, teamId: ctx.teamId }, ctx.requestId);
    if (!test.ok) {
      await audit({ ...auditBase(ctx), action: "connection.rotate_credentials", targetType: "connection", targetId: id, result: "failure", details: { name: row.name, outcome: test.outcome } });
      throw testFailed(test);
    }
    const enc = encryptCredentials(creds, { teamId: row.teamId, connectionId: row.id });
    const now = new Date();
    Object.assign(data, {
      credentialsCiphertext: enc.ciphertext,
      credentialsKeyId: enc.keyId,
      credentialsHint: credentialsHint(creds, provider.credentialFields.map((f) => f.name)),
      credentialsSetAt: now,
      accountKey: accountKey(provider.kind, url, creds),
      lastSuccessAt: now,
      lastError: null,
      lastErrorKind: null,
      consecutiveFailures: 0,
      nextSyncAt: now,
      ...(row.state === "credential_rejected" || row.state === "failing" ? { state: row.lastSyncAt ? "stale" : "never_synced" } : {}),
    });
    changed.push("credentials");
  }
  if (changed.includes("baseUrl") && !parsedCreds) {
    data.accountKey = accountKey(provider.kind, url, decryptCredentials(row.credentialsCiphertext, { teamId: row.teamId, connectionId: row.id }));
  }
  if (changed.length) {
    try {
      // optimistic: the row must not have changed its credentials meanwhile (e.g. key rotation)
      const { count } = await prisma.connection.updateMany({ where: { id, teamId: ctx.teamId, credentialsCiphertext: row.credentialsCiphertext }, data });
      if (count !== 1) throw conflict("the connection changed meanwhile; reload and try again");
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`a connection named "${input.name}" already exists`);
      throw e;
    }
    await audit({
      ...auditBase(ctx),
      action: changed.includes("credentials") ? "connection.rotate_credentials" : "connection.update",
      targetType: "connection",
      targetId: id,
      result: "success",
      details: { name: (data.name as string) ?? row.name, changed },
    });
  }
  return { connection: await getConnection(ctx.teamId, id), test };
}

/** How many inventory rows disappear with the connection (nothing on the provider is touched). */
export async function deletionImpact(teamId: string, id: string): Promise<{ clusters: number }> {
  const row = await getPrisma().connection.findFirst({ where: { id, teamId }, select: { _count: { select: { clusters: true } } } });
  if (!row) throw notFound("connection");
  return { clusters: row._count.clusters };
}

export async function deleteConnection(ctx: TeamActorContext, id: string): Promise<{ deleted: true; clustersRemoved: number }> {
  const prisma = getPrisma();
  const row = await prisma.connection.findFirst({ where: { id, teamId: ctx.teamId }, select: { id: true, name: true, provider: true, _count: { select: { clusters: true } } } });
  if (!row) throw notFound("connection");
  await prisma.connection.deleteMany({ where: { id, teamId: ctx.teamId } });
  await audit({ ...auditBase(ctx), action: "connection.delete", targetType: "connection", targetId: id, result: "success", details: { name: row.name, provider: row.provider, clustersRemoved: row._count.clusters } });
  return { deleted: true, clustersRemoved: row._count.clusters };
}

/** "Test connection": calls adapter.testConnection() with the stored credentials and stores the health. */
export async function testConnection(ctx: TeamActorContext, id: string): Promise<TestReport & { connection: ConnectionView }> {
  const prisma = getPrisma();
  const row = await prisma.connection.findFirst({ where: { id, teamId: ctx.teamId }, select: { id: true, teamId: true, name: true, provider: true, baseUrl: true, defaultScope: true, credentialsCiphertext: true } });
  if (!row) throw notFound("connection");
  let outcome: unknown;
  try {
    const adapter = await adapterForConnection(row, { requestId: ctx.requestId, http: testHttp() });
    outcome = await adapter.testConnection();
  } catch (e) {
    outcome = e;
  }
  const report = await recordConnectionHealth(row.id, outcome);
  await audit({ ...auditBase(ctx), action: "connection.test", targetType: "connection", targetId: id, result: report.ok ? "success" : "failure", details: { name: row.name, outcome: report.outcome } });
  return { ...report, connection: await getConnection(ctx.teamId, id) };
}

function auditBase(ctx: TeamActorContext) {
  return { teamId: ctx.teamId, actorId: ctx.actorId ?? null, actorEmail: ctx.actorEmail ?? null, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null };
}
