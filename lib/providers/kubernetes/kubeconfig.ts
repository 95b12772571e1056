/**
 * Kubeconfig → read targets, with Clusterdeck's refusals (docs/providers/kubernetes.md, "Kubeconfig rules"):
 * - `exec` and `auth-provider` users are refused: Clusterdeck never runs commands from a kubeconfig;
 * - file references (`certificate-authority`, `client-certificate`, `client-key`, `token-file`) are
 *   refused: a kubeconfig must not make the server read its own files — inline `-data` fields only;
 * - `insecure-skip-tls-verify` is refused unless an admin allowed it for the connection;
 * - `proxy-url` is refused (connections go straight to the API server, through the outbound rules).
 *
 * The YAML is read here with js-yaml (never with KubeConfig.loadFromString, which reads token files
 * from disk while parsing); the reader then hands the checked values to @kubernetes/client-node.
 * Error messages name contexts, users and fields, never a value.
 */
import { load as yamlLoad } from "js-yaml";

/** One cluster as the reader needs it: what a kubeconfig context resolves to (KubeConfig-like). */
export interface KubeTarget {
  /** context name (or a name given to a token connection) */
  name: string;
  server: string;
  /** PEM (decoded certificate-authority-data) */
  caData?: string;
  token?: string;
  /** PEM client certificate and key */
  clientCert?: string;
  clientKey?: string;
  username?: string;
  password?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  /** the kubeconfig's cluster and user entry names (shown, never secret) */
  clusterName?: string;
  userName?: string;
}

export class KubeconfigError extends Error {
  constructor(
    message: string,
    /** the credential field the problem belongs to */
    readonly field: string = "kubeconfig",
  ) {
    super(message);
    this.name = "KubeconfigError";
  }
}

export const SERVICE_ACCOUNT_HINT =
  'Create a read-only service account and use its token instead (README, "Kubernetes API connections": kubectl create serviceaccount clusterdeck-reader -n kube-system, bind it to the view role plus get/list on nodes, then kubectl create token clusterdeck-reader -n kube-system --duration=8760h).';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);

function named(list: unknown, key: string, what: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new KubeconfigError(`not a valid kubeconfig: "${what}" must be a list`);
  list.forEach((e, i) => {
    if (!isObj(e) || !str(e.name)) throw new KubeconfigError(`not a valid kubeconfig: ${what}[${i}].name is missing`);
    const body = e[key];
    if (!isObj(body)) throw new KubeconfigError(`not a valid kubeconfig: ${what}[${i}].${key} is missing`);
    out.set(e.name as string, body);
  });
  return out;
}

function pemFromData(value: unknown, where: string, kind: "certificate" | "key"): string | undefined {
  const s = str(value);
  if (!s) return undefined;
  const text = Buffer.from(s.replace(/\s+/g, ""), "base64").toString("utf8");
  const ok = kind === "certificate" ? /-----BEGIN CERTIFICATE-----/.test(text) : /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);
  if (!ok) throw new KubeconfigError(`${where} is not base64-encoded PEM (${kind === "certificate" ? "a certificate" : "a private key"})`);
  return text;
}

export interface ParsedKubeconfig {
  contexts: KubeTarget[];
  currentContext: string | null;
}

export const MAX_KUBECONFIG_BYTES = 256 * 1024;

/**
 * Parses and checks a kubeconfig. `opts.allowInsecure`: an admin allowed insecure-skip-tls-verify for
 * this connection. Throws KubeconfigError (message fit for a 400) on anything refused.
 */
export function parseKubeconfig(text: string, opts: { allowInsecure?: boolean } = {}): ParsedKubeconfig {
  if (Buffer.byteLength(text) > MAX_KUBECONFIG_BYTES) throw new KubeconfigError(`the kubeconfig is larger than ${MAX_KUBECONFIG_BYTES / 1024} KiB`);
  let doc: unknown;
  try {
    doc = yamlLoad(text);
  } catch (e) {
    const mark = (e as { mark?: { line?: number } }).mark;
    throw new KubeconfigError(`not a valid kubeconfig: the YAML does not parse${mark?.line !== undefined ? ` (line ${mark.line + 1})` : ""}`);
  }
  if (!isObj(doc)) throw new KubeconfigError("not a valid kubeconfig: expected a YAML document with clusters, users and contexts");
  if (doc.kind !== undefined && doc.kind !== "Config") throw new KubeconfigError(`not a valid kubeconfig: kind is "${String(doc.kind).slice(0, 40)}", expected "Config"`);
  const clusters = named(doc.clusters, "cluster", "clusters");
  const users = named(doc.users, "user", "users");
  const contexts = named(doc.contexts, "context", "contexts");
  if (!contexts.size) throw new KubeconfigError("the kubeconfig has no contexts");

  const out: KubeTarget[] = [];
  for (const [ctxName, ctx] of contexts) {
    const clusterName = str(ctx.cluster);
    const userName = str(ctx.user);
    if (!clusterName || !clusters.has(clusterName)) throw new KubeconfigError(`context "${ctxName}" names a cluster that the kubeconfig does not define`);
    const c = clusters.get(clusterName)!;
    const u = userName ? users.get(userName) : undefined;
    if (userName && !u) throw new KubeconfigError(`context "${ctxName}" names a user that the kubeconfig does not define`);
    const user = u ?? {};

    if (user.exec !== undefined && user.exec !== null)
      throw new KubeconfigError(`user "${userName}" (context "${ctxName}") uses an exec plugin. Clusterdeck never runs commands from a kubeconfig. ${SERVICE_ACCOUNT_HINT}`);
    if (user["auth-provider"] !== undefined && user["auth-provider"] !== null)
      throw new KubeconfigError(`user "${userName}" (context "${ctxName}") uses an auth-provider plugin. Clusterdeck never runs commands or plugins from a kubeconfig. ${SERVICE_ACCOUNT_HINT}`);
    for (const f of ["token-file", "client-certificate", "client-key"] as const)
      if (user[f] !== undefined) throw new KubeconfigError(`user "${userName}" refers to a file (${f}); Clusterdeck never reads files named in a kubeconfig — inline the value (${f === "token-file" ? "token" : `${f}-data`}) instead`);
    if (c["certificate-authority"] !== undefined) throw new KubeconfigError(`cluster "${clusterName}" refers to a file (certificate-authority); inline it as certificate-authority-data instead`);
    if (c["proxy-url"] !== undefined) throw new KubeconfigError(`cluster "${clusterName}" uses proxy-url, which Clusterdeck does not support; the API server is reached directly`);

    const server = str(c.server);
    if (!server) throw new KubeconfigError(`cluster "${clusterName}" has no server`);
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new KubeconfigError(`cluster "${clusterName}": the server is not a URL`);
    }
    if (url.protocol !== "https:") throw new KubeconfigError(`cluster "${clusterName}": the server must use https`);
    if (url.username || url.password) throw new KubeconfigError(`cluster "${clusterName}": the server URL must not contain a user name or password`);

    const insecure = c["insecure-skip-tls-verify"] === true;
    if (insecure && !opts.allowInsecure)
      throw new KubeconfigError(
        `cluster "${clusterName}" sets insecure-skip-tls-verify: the API server's certificate would not be checked. Add its CA as certificate-authority-data instead, or have an admin allow insecure TLS for this connection explicitly`,
      );

    const token = str(user.token);
    const clientCert = pemFromData(user["client-certificate-data"], `user "${userName}": client-certificate-data`, "certificate");
    const clientKey = pemFromData(user["client-key-data"], `user "${userName}": client-key-data`, "key");
    if (!!clientCert !== !!clientKey) throw new KubeconfigError(`user "${userName}" has a client certificate without its key (or a key without its certificate)`);
    const username = str(user.username);
    const password = str(user.password);
    if (!token && !clientCert && !(username && password))
      throw new KubeconfigError(`context "${ctxName}" has no usable credentials (a token, a client certificate and key, or a user name and password). ${SERVICE_ACCOUNT_HINT}`);

    out.push({
      name: ctxName,
      server: server.replace(/\/+$/, ""),
      caData: pemFromData(c["certificate-authority-data"], `cluster "${clusterName}": certificate-authority-data`, "certificate"),
      token,
      clientCert,
      clientKey,
      username,
      password,
      insecureSkipTlsVerify: insecure || undefined,
      tlsServerName: str(c["tls-server-name"]),
      clusterName,
      userName,
    });
  }
  return { contexts: out, currentContext: str(doc["current-context"]) ?? null };
}

/** The contexts the connection reads: those chosen (comma-separated names), or all. */
export function selectContexts(parsed: ParsedKubeconfig, chosen: string | undefined): KubeTarget[] {
  const names = (chosen ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.length) return parsed.contexts;
  const missing = names.filter((n) => !parsed.contexts.some((c) => c.name === n));
  if (missing.length) throw new KubeconfigError(`the kubeconfig has no context named ${missing.map((m) => `"${m.slice(0, 100)}"`).join(", ")}`, "contexts");
  return parsed.contexts.filter((c) => names.includes(c.name));
}

/** Credentials as stored for the kubernetes kind (all strings; see index.ts). */
export interface KubernetesCredentials {
  kubeconfig?: string;
  contexts?: string;
  token?: string;
  caData?: string;
  clientCertData?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  /** "true" when an admin allowed insecure-skip-tls-verify for this connection */
  allowInsecureTls?: string;
}

const pemOrBase64 = (v: string | undefined, field: string, kind: "certificate" | "key"): string | undefined => {
  const s = v?.trim();
  if (!s) return undefined;
  if (s.includes("-----BEGIN")) return s;
  try {
    return pemFromData(s, field, kind);
  } catch (e) {
    throw new KubeconfigError((e as Error).message, field);
  }
};

/** The targets a connection reads: the kubeconfig's chosen contexts, or one cluster from base URL + token / certificate / basic auth. */
export function targetsFromCredentials(baseUrl: string, creds: KubernetesCredentials): KubeTarget[] {
  const allowInsecure = creds.allowInsecureTls === "true";
  if (creds.kubeconfig?.trim()) return selectContexts(parseKubeconfig(creds.kubeconfig, { allowInsecure }), creds.contexts);
  const caData = pemOrBase64(creds.caData, "caData", "certificate");
  const clientCert = pemOrBase64(creds.clientCertData, "clientCertData", "certificate");
  const clientKey = pemOrBase64(creds.clientKeyData, "clientKeyData", "key");
  if (!!clientCert !== !!clientKey) throw new KubeconfigError("a client certificate needs its key (and a key its certificate)", clientCert ? "clientKeyData" : "clientCertData");
  const token = creds.token?.trim() || undefined;
  const username = creds.username?.trim() || undefined;
  const password = creds.password || undefined;
  if (!token && !clientCert && !(username && password)) throw new KubeconfigError(`paste or upload a kubeconfig, or give a bearer token, a client certificate and key, or a user name and password. ${SERVICE_ACCOUNT_HINT}`);
  let host = "cluster";
  try {
    host = new URL(baseUrl).host;
  } catch {
    // the base URL is checked elsewhere
  }
  return [{ name: host, server: baseUrl.replace(/\/+$/, ""), caData, token, clientCert, clientKey, username, password }];
}
