/**
 * Reads one Kubernetes cluster live through its API with the official @kubernetes/client-node
 * (unmodified): /version, nodes, namespaces, pods and warning events, paged with limit/continue.
 *
 * Not tied to the "kubernetes" connection kind: it takes a KubeTarget (what one kubeconfig context
 * resolves to) and the app's HTTP options, so a provider cluster that exposes a kubeconfig can be
 * read the same way. Every request goes through `http.agents.dispatcher` (the outbound rules at
 * socket open, redirects included, the per-attempt timeout and the response-size cap).
 * Facts relied on: docs/providers/kubernetes.md.
 */
import {
  ApiException,
  CoreV1Api,
  createConfiguration,
  ServerConfiguration,
  VersionApi,
  type CoreV1Event,
  type RequestContext,
  type SecurityAuthentication,
  type V1Node,
  type V1Pod,
} from "@kubernetes/client-node";
import { minorDistance, normalizeKubeVersion } from "@/lib/kube-version";
import { ProviderError, type HttpOptions, type ProviderErrorKind } from "../types";
import type { KubeTarget } from "./kubeconfig";

export const PROVIDER = "kubernetes";

/** items per page (limit) */
export const PAGE_SIZE = 500;
/** a list stops after this many items (counts then say "at least") */
export const MAX_LIST_ITEMS = 20_000;
/** nodes and events kept for the cluster page */
export const MAX_NODES_SHOWN = 200;
export const LATEST_WARNINGS = 5;
const MAX_TEXT = 500;

export interface NodeSummary {
  name: string;
  ready: boolean;
  /** Ready condition's reason when not ready (e.g. "KubeletNotReady") */
  reason?: string | null;
  kubeletVersion: string | null;
  roles: string[];
  pool: string | null;
  os: string | null;
  arch: string | null;
  unschedulable: boolean;
  /** minors the kubelet is behind the API server (negative: ahead, which is unsupported) */
  skew: number | null;
}

export interface WarningEvent {
  reason: string;
  message: string;
  object: string;
  namespace: string | null;
  count: number;
  lastSeen: string | null;
}

export interface ClusterReading {
  name: string;
  server: string;
  gitVersion: string;
  version: string | null;
  platform: string | null;
  nodes: { total: number; ready: number; notReady: number; items: NodeSummary[]; truncated: boolean; kubeletVersions: string[]; maxSkew: number | null };
  namespaces: { count: number; truncated: boolean } | null;
  pods: { total: number; notRunning: number; restarting: number; truncated: boolean } | null;
  warnings: { count: number; latest: WarningEvent[]; truncated: boolean } | null;
  /** lists the credentials may not read (403), shown instead of their numbers */
  forbidden: string[];
  insecureTls: boolean;
}

export interface ReadOptions {
  http?: Partial<HttpOptions>;
}

const cut = (s: unknown, n = MAX_TEXT) => (typeof s === "string" ? (s.length > n ? `${s.slice(0, n)}…` : s) : "");

/** The SDK's auth hook: our headers and our guarded dispatcher for this target (what KubeConfig would set, minus exec/files). */
function authFor(target: KubeTarget, http: Partial<HttpOptions>): SecurityAuthentication {
  if (!http.agents?.dispatcher) throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: "no outbound dispatcher configured for the Kubernetes reader" });
  const dispatcher = http.agents.dispatcher({
    ca: target.caData ? [target.caData] : undefined,
    cert: target.clientCert,
    key: target.clientKey,
    rejectUnauthorized: target.insecureSkipTlsVerify ? false : undefined,
    servername: target.tlsServerName,
    timeoutMs: http.timeoutMs ?? 10_000,
    maxResponseBytes: http.maxResponseBytes,
  });
  return {
    getName: () => "clusterdeck kubeconfig target",
    applySecurityAuthentication(ctx: RequestContext) {
      if (target.token) ctx.setHeaderParam("Authorization", `Bearer ${target.token}`);
      else if (target.username && target.password) ctx.setHeaderParam("Authorization", `Basic ${Buffer.from(`${target.username}:${target.password}`).toString("base64")}`);
      if (http.userAgent) ctx.setHeaderParam("User-Agent", http.userAgent);
      if (http.requestId) ctx.setHeaderParam("X-Request-Id", http.requestId);
      ctx.setDispatcher(dispatcher);
    },
  };
}

function statusMessage(body: unknown): string | null {
  let b = body;
  if (typeof b === "string") {
    try {
      b = JSON.parse(b);
    } catch {
      return null;
    }
  }
  if (b && typeof b === "object" && (b as { kind?: unknown }).kind === "Status") return cut((b as { message?: unknown }).message, 300) || null;
  return null;
}

function causes(e: unknown): { code?: string; message?: string; name?: string }[] {
  const out: { code?: string; message?: string; name?: string }[] = [];
  let c: unknown = e;
  for (let i = 0; c && i < 6; i++) {
    out.push(c as never);
    c = (c as { cause?: unknown }).cause;
  }
  return out;
}

/** Every SDK failure → ProviderError with the API server's own message (never a credential). */
export function toProviderError(e: unknown, what: string, server: string): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof ApiException) {
    const status = e.code;
    const msg = statusMessage(e.body);
    const kind: ProviderErrorKind =
      status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not_found" : status === 429 ? "rate_limited" : status === 409 ? "conflict" : status === 400 || status === 422 ? "invalid" : status >= 500 ? "unavailable" : "bad_response";
    const text =
      status === 401
        ? `the API server at ${server} answered 401 Unauthorized: the token or certificate is expired, revoked or wrong${msg ? ` (${msg})` : ""}`
        : status === 403
          ? `the API server refused to ${what} (403 Forbidden)${msg ? `: ${msg}` : ""}`
          : `${what}: the API server answered ${status}${msg ? `: ${msg}` : ""}`;
    const retry = Number(e.headers?.["retry-after"]);
    return new ProviderError({ kind, provider: PROVIDER, status, message: text, ...(Number.isFinite(retry) && retry > 0 ? { retryAfterMs: retry * 1000 } : {}) });
  }
  const chain = causes(e);
  const blocked = chain.find((c) => c.name === "OutboundBlocked" || c.code === "EOUTBOUNDBLOCKED");
  if (blocked) return new ProviderError({ kind: "forbidden", provider: PROVIDER, status: null, message: cut(blocked.message, 400) });
  const codes = chain.map((c) => c.code).filter(Boolean) as string[];
  if (codes.includes("UND_ERR_RES_EXCEEDED_MAX_SIZE")) return new ProviderError({ kind: "bad_response", provider: PROVIDER, message: `${what}: the answer exceeded the response-size cap` });
  if (codes.some((c) => c === "UND_ERR_HEADERS_TIMEOUT" || c === "UND_ERR_BODY_TIMEOUT" || c === "UND_ERR_CONNECT_TIMEOUT" || c === "ETIMEDOUT") || chain.some((c) => c.name === "TimeoutError" || c.name === "AbortError"))
    return new ProviderError({ kind: "timeout", provider: PROVIDER, message: `${what}: the API server at ${server} did not answer in time` });
  const tlsCode = codes.find((c) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/.test(c));
  if (tlsCode) return new ProviderError({ kind: "unavailable", provider: PROVIDER, status: null, message: `TLS failure talking to ${server} (${tlsCode})`, cause: { tls: true } });
  const net = codes.find((c) => /^E[A-Z]+$/.test(c) || c.startsWith("UND_ERR"));
  if (net) return new ProviderError({ kind: "unavailable", provider: PROVIDER, status: null, message: `the API server at ${server} is unreachable (${net})` });
  if (e instanceof SyntaxError || /JSON|parse/i.test((e as Error)?.message ?? "")) return new ProviderError({ kind: "bad_response", provider: PROVIDER, message: `${what}: the answer is not valid JSON — is ${server} a Kubernetes API server?` });
  return new ProviderError({ kind: "unavailable", provider: PROVIDER, status: null, message: `${what}: ${cut((e as Error)?.message ?? String(e), 200)}` });
}

interface Page<T> {
  items: T[];
  metadata?: { _continue?: string; remainingItemCount?: number };
}

/** Lists with limit/continue up to MAX_LIST_ITEMS; `visit` sees every item (nothing else is kept). */
async function listAll<T>(fetchPage: (cont: string | undefined) => Promise<Page<T>>, visit: (item: T) => void): Promise<{ count: number; truncated: boolean }> {
  let cont: string | undefined;
  let count = 0;
  for (;;) {
    const page = await fetchPage(cont);
    for (const item of page.items ?? []) {
      visit(item);
      count++;
    }
    cont = page.metadata?._continue || undefined;
    if (!cont) return { count, truncated: false };
    if (count >= MAX_LIST_ITEMS) return { count: count + Math.max(0, page.metadata?.remainingItemCount ?? 0), truncated: true };
  }
}

const POOL_LABELS = ["cloud.google.com/gke-nodepool", "eks.amazonaws.com/nodegroup", "kubernetes.azure.com/agentpool", "agentpool", "node.kubernetes.io/pool", "pool"];

function nodeSummary(n: V1Node, serverVersion: string | null): NodeSummary {
  const ready = n.status?.conditions?.find((c) => c.type === "Ready");
  const labels = n.metadata?.labels ?? {};
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length) || "node");
  const kubelet = n.status?.nodeInfo?.kubeletVersion ?? null;
  const d = kubelet && serverVersion ? minorDistance(kubelet, serverVersion) : null;
  return {
    name: cut(n.metadata?.name, 253),
    ready: ready?.status === "True",
    reason: ready?.status === "True" ? null : cut(ready?.reason ?? "NoReadyCondition", 100),
    kubeletVersion: kubelet ? cut(kubelet, 64) : null,
    roles: roles.slice(0, 5).map((r) => cut(r, 63)),
    pool: (POOL_LABELS.map((l) => labels[l]).find(Boolean) as string | undefined) ?? null,
    os: n.status?.nodeInfo?.osImage ? cut(n.status.nodeInfo.osImage, 100) : null,
    arch: n.status?.nodeInfo?.architecture ?? null,
    unschedulable: n.spec?.unschedulable === true,
    skew: d,
  };
}

function podState(p: V1Pod): { running: boolean; restarting: boolean } {
  const phase = p.status?.phase;
  const statuses = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])];
  const crashLoop = statuses.some((s) => s.state?.waiting?.reason === "CrashLoopBackOff");
  const restarted = statuses.some((s) => (s.restartCount ?? 0) > 0);
  return { running: phase === "Running" || phase === "Succeeded", restarting: crashLoop || restarted };
}

const time = (v: unknown): string | null => {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
};

function warningOf(e: CoreV1Event): WarningEvent {
  const io = e.involvedObject;
  return {
    reason: cut(e.reason, 100),
    message: cut(e.message),
    object: cut(`${io?.kind ?? "Object"}/${io?.name ?? "?"}`, 300),
    namespace: io?.namespace ? cut(io.namespace, 63) : (e.metadata?.namespace ?? null),
    count: e.count ?? e.series?.count ?? 1,
    lastSeen: time(e.lastTimestamp) ?? time(e.series?.lastObservedTime) ?? time(e.eventTime) ?? time(e.firstTimestamp) ?? time(e.metadata?.creationTimestamp),
  };
}

/** One call, with its ProviderCallInfo for metrics. */
async function call<T>(http: Partial<HttpOptions>, operation: string, what: string, server: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const r = await fn();
    http.onCall?.({ provider: PROVIDER, operation, method: "GET", status: 200, outcome: "ok", durationMs: Date.now() - started, attempts: 1 });
    return r;
  } catch (e) {
    const pe = toProviderError(e, what, server);
    http.onCall?.({ provider: PROVIDER, operation, method: "GET", status: pe.status, outcome: pe.kind, durationMs: Date.now() - started, attempts: 1 });
    throw pe;
  }
}

/** what the reads of one cluster share: its API client, the HTTP options and the server (for errors) */
interface Reader {
  core: CoreV1Api;
  http: Partial<HttpOptions>;
  server: string;
}

/** every node (paged): readiness, kubelet versions, the largest skew from the control plane, the first MAX_NODES_SHOWN */
async function readNodes({ core, http, server }: Reader, version: string | null): Promise<ClusterReading["nodes"]> {
  const nodes: NodeSummary[] = [];
  let ready = 0;
  let notReady = 0;
  const kubelets = new Set<string>();
  let maxSkew: number | null = null;
  const nodeList = await call(http, "listNodes", "list nodes", server, () =>
    listAll<V1Node>(
      (cont) => core.listNode({ limit: PAGE_SIZE, _continue: cont }),
      (n) => {
        const s = nodeSummary(n, version);
        if (s.ready) ready++;
        else notReady++;
        if (s.kubeletVersion) kubelets.add(s.kubeletVersion);
        if (s.skew !== null && (maxSkew === null || Math.abs(s.skew) > Math.abs(maxSkew))) maxSkew = s.skew;
        if (nodes.length < MAX_NODES_SHOWN) nodes.push(s);
      },
    ),
  );
  return { total: nodeList.count, ready, notReady, items: nodes, truncated: nodeList.truncated, kubeletVersions: [...kubelets].sort(), maxSkew };
}

async function readPods({ core, http, server }: Reader): Promise<NonNullable<ClusterReading["pods"]>> {
  let notRunning = 0;
  let restarting = 0;
  const r = await call(http, "listPods", "list pods", server, () =>
    listAll<V1Pod>(
      (cont) => core.listPodForAllNamespaces({ limit: PAGE_SIZE, _continue: cont }),
      (p) => {
        const s = podState(p);
        if (!s.running) notRunning++;
        if (s.restarting) restarting++;
      },
    ),
  );
  return { total: r.count, notRunning, restarting, truncated: r.truncated };
}

async function readWarnings({ core, http, server }: Reader): Promise<NonNullable<ClusterReading["warnings"]>> {
  const latest: WarningEvent[] = [];
  const r = await call(http, "listWarningEvents", "list warning events", server, () =>
    listAll<CoreV1Event>(
      (cont) => core.listEventForAllNamespaces({ fieldSelector: "type=Warning", limit: PAGE_SIZE, _continue: cont }),
      (e) => {
        latest.push(warningOf(e));
        // keep only the newest few while paging
        if (latest.length > LATEST_WARNINGS * 4) {
          latest.sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? ""));
          latest.length = LATEST_WARNINGS;
        }
      },
    ),
  );
  latest.sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? ""));
  return { count: r.count, latest: latest.slice(0, LATEST_WARNINGS), truncated: r.truncated };
}

/**
 * Reads one cluster. /version and the node list are required (their failure is the cluster's
 * failure); namespaces, pods and events a role may not read (403) are reported as forbidden.
 */
export async function readCluster(target: KubeTarget, opts: ReadOptions = {}): Promise<ClusterReading> {
  const http = opts.http ?? {};
  const server = target.server.replace(/\/+$/, "");
  const configuration = createConfiguration({ baseServer: new ServerConfiguration(server, {}), authMethods: { default: authFor(target, http) } });
  const reader: Reader = { core: new CoreV1Api(configuration), http, server };
  const versionApi = new VersionApi(configuration);

  const info = await call(http, "getVersion", "read /version", server, () => versionApi.getCode());
  const gitVersion = cut(info.gitVersion, 100);
  const version = normalizeKubeVersion(gitVersion);
  const nodes = await readNodes(reader, version);

  const forbidden: string[] = [];
  const optional = async <T>(name: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ProviderError && e.kind === "forbidden" && e.status === 403) {
        forbidden.push(name);
        return null;
      }
      throw e;
    }
  };

  const [namespaces, pods, warnings] = await Promise.all([
    optional("namespaces", () => call(http, "listNamespaces", "list namespaces", server, () => listAll((cont) => reader.core.listNamespace({ limit: PAGE_SIZE, _continue: cont }), () => {}))),
    optional("pods", () => readPods(reader)),
    optional("events", () => readWarnings(reader)),
  ]);

  return {
    name: target.name,
    server,
    gitVersion,
    version,
    platform: info.platform ? cut(info.platform, 64) : null,
    nodes,
    namespaces: namespaces ? { count: namespaces.count, truncated: namespaces.truncated } : null,
    pods,
    warnings,
    forbidden,
    insecureTls: !!target.insecureSkipTlsVerify,
  };
}
