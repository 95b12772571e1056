/**
 * What the create wizard reads on the server: the connections it offers and the live option lists
 * (scopes, regions, versions, …) a connection's provider answers.
 */
import { notFound } from "@/lib/api/errors";
import { adapterForConnection } from "@/lib/connections";
import { getPrisma } from "@/lib/db/client";
import { getProvider } from "@/lib/providers/registry";

/** live option lists for the create wizard; the source "scopes" lists the connection's scopes */
export async function connectionOptions(teamId: string, connectionId: string, source: string, context: Record<string, unknown>, requestId?: string): Promise<{ items: { value: string; label: string }[] }> {
  const conn = await getPrisma().connection.findFirst({ where: { id: connectionId, teamId }, select: { id: true, teamId: true, provider: true, baseUrl: true, defaultScope: true, credentialsCiphertext: true } });
  if (!conn) throw notFound("connection");
  const adapter = await adapterForConnection(conn, { requestId });
  if (source === "scopes") {
    const scopes = await adapter.listScopes();
    return { items: scopes.map((s) => ({ value: s.externalId, label: s.name === s.externalId ? s.name : `${s.name} (${s.externalId})` })) };
  }
  const items = await adapter.listOptions(source, context);
  return { items: items.map((o) => ({ value: String(o.value), label: String(o.label) })) };
}

/** connections the create wizard offers (no credentials; read-only kinds are not offered) */
export async function wizardConnections(teamId: string) {
  const rows = (await getPrisma().connection.findMany({ where: { teamId }, orderBy: { name: "asc" }, select: { id: true, name: true, provider: true, defaultScope: true, demo: true, state: true } })).filter((r) => !getProvider(r.provider).managedOutside);
  return rows.map((r) => {
    const def = getProvider(r.provider);
    return { ...r, providerName: def.displayName, scopeLabel: def.scopeLabel };
  });
}
export type WizardConnection = Awaited<ReturnType<typeof wizardConnections>>[number];
