/**
 * The provider account a connection reaches, as an opaque key (issue 18 #8): two connections of a team
 * with the same key reach the same account — same provider kind, same endpoint, same identity — and
 * see the same clusters. A cluster's stable identity is then (account key, provider cluster id); the
 * inventory counts each once (lib/inventory/duplicates.ts).
 *
 * The identity is the credentials themselves (a provider's token or key pair names the account and
 * principal), without the fields that only select what is read (kubeconfig contexts, checkboxes). It
 * is hashed with a key derived from the encryption key (HMAC-SHA-256), so the stored key reveals no
 * credential and cannot be tested against guessed ones without the server's key.
 */
import { createHmac } from "node:crypto";
import { decryptCredentials, keyring, type Keyring } from "@/lib/crypto";
import { getPrisma } from "@/lib/db/client";
import { getProvider, isProviderKind } from "@/lib/providers/registry";

/** scheme, host and path of the endpoint; case of the host, default ports and trailing slashes do not matter */
export function normalizeEndpoint(baseUrl: string): string {
  try {
    const u = new URL(baseUrl.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return baseUrl.trim().replace(/\/+$/, "");
  }
}

export function accountKey(provider: string, baseUrl: string, credentials: Record<string, string>, ring: Keyring = keyring()): string {
  const skip = new Set(isProviderKind(provider) ? getProvider(provider).credentialFields.filter((f) => f.type === "contexts" || f.type === "checkbox").map((f) => f.name) : []);
  const identity = Object.keys(credentials)
    .filter((k) => !skip.has(k) && credentials[k] !== "")
    .sort()
    .map((k) => [k, credentials[k].trim()]);
  const subkey = createHmac("sha256", ring.current.key).update("clusterdeck/account-key/v1").digest();
  return createHmac("sha256", subkey).update(JSON.stringify([provider, normalizeEndpoint(baseUrl), identity])).digest("base64url");
}

/** The other connections of the team that reach the same account (oldest first). */
export async function sameAccountConnections(teamId: string, connectionId: string, key: string | null): Promise<{ id: string; name: string }[]> {
  if (!key) return [];
  return getPrisma().connection.findMany({ where: { teamId, accountKey: key, id: { not: connectionId } }, select: { id: true, name: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** The warning a new (or changed) connection carries when another connection of the team reaches the same account. */
export function sameAccountWarning(others: { name: string }[]): string | undefined {
  if (!others.length) return undefined;
  const names = others.map((o) => `"${o.name}"`).join(", ");
  return `This connection reaches the same account (same provider, endpoint and identity) as ${names}. Its clusters are counted once in the inventory's totals and charts.`;
}

/**
 * Keeps a connection's stored key current (a sync calls it with the connection it read): keys from
 * before this column existed, or from before an encryption key rotation, are brought up to date.
 */
export async function refreshAccountKey(conn: { id: string; teamId: string; provider: string; baseUrl: string; credentialsCiphertext: string; accountKey?: string | null }): Promise<void> {
  const key = accountKey(conn.provider, conn.baseUrl, decryptCredentials(conn.credentialsCiphertext, { teamId: conn.teamId, connectionId: conn.id }));
  if (key !== conn.accountKey) await getPrisma().connection.updateMany({ where: { id: conn.id, credentialsCiphertext: conn.credentialsCiphertext }, data: { accountKey: key } });
}
