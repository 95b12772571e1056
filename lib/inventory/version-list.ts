/** Read model: Kubernetes versions per provider, the catalogues merged with what clusters run (GET /api/v1/versions). */
import { getPrisma } from "@/lib/db/client";
import { getProvider, isProviderKind, providerDisplayName } from "@/lib/providers/registry";
import type { KubernetesVersion } from "@/lib/providers/types";
import type { VersionRow, VersionsResponse } from "./api-types";
import { iso } from "./cluster-rows";
import { compareVersions, eolStateOf, minorOf } from "./versions";
import { duplicateSnapshots, notDuplicate } from "./duplicates";
import { isoDay } from "@/lib/dates";

/** Allowed upgrade targets from a version for a healthy running cluster, per the provider's pure rules. */
function upgradesFrom(provider: string, version: string, catalogue: KubernetesVersion[], now: Date): string[] {
  if (!isProviderKind(provider)) return [];
  return getProvider(provider)
    .upgradeOptions({ cluster: { version, status: "running", nodePools: [] }, versions: catalogue, operationRunning: false, now })
    .filter((o) => o.allowed)
    .map((o) => o.version);
}

/** GET /api/v1/versions: one row per provider and version, catalogues of the team's connections merged. */
export async function listVersions(teamId: string, now = new Date()): Promise<VersionsResponse> {
  const prisma = getPrisma();
  const dups = await duplicateSnapshots(teamId);
  const [catalogue, counts] = await Promise.all([
    prisma.versionSnapshot.findMany({ where: { connection: { teamId } }, select: { provider: true, version: true, eol: true, active: true, isDefault: true } }),
    prisma.clusterSnapshot.groupBy({ by: ["provider", "version"], where: { teamId, goneAt: null, ...notDuplicate(dups) }, _count: { _all: true } }),
  ]);
  const merged = new Map<string, { provider: string; version: string; eol: Date | null; active: boolean; isDefault: boolean }>();
  for (const v of catalogue) {
    const k = `${v.provider}\u0000${v.version}`;
    const m = merged.get(k);
    if (!m) merged.set(k, { ...v });
    else {
      m.eol ??= v.eol;
      m.active ||= v.active;
      m.isDefault ||= v.isDefault;
    }
  }
  // versions clusters run that the catalogue no longer lists
  for (const c of counts) {
    if (!c.version) continue;
    const k = `${c.provider}\u0000${c.version}`;
    if (!merged.has(k)) {
      const minor = minorOf(c.version);
      const sibling = [...merged.values()].find((m) => m.provider === c.provider && m.eol && minorOf(m.version) === minor);
      merged.set(k, { provider: c.provider, version: c.version, eol: sibling?.eol ?? null, active: false, isDefault: false });
    }
  }
  const countOf = new Map(counts.map((c) => [`${c.provider}\u0000${c.version}`, c._count._all]));
  const byProvider = new Map<string, KubernetesVersion[]>();
  for (const m of merged.values()) {
    const list = byProvider.get(m.provider) ?? [];
    list.push({ version: m.version, eol: isoDay(m.eol), active: m.active, ...(m.isDefault ? { default: true } : {}) });
    byProvider.set(m.provider, list);
  }
  const items = [...merged.values()]
    .map((m): VersionRow => ({
      provider: m.provider,
      providerName: providerDisplayName(m.provider),
      version: m.version,
      eol: iso(m.eol),
      eolState: eolStateOf(m.eol, now),
      active: m.active,
      isDefault: m.isDefault,
      clusterCount: countOf.get(`${m.provider}\u0000${m.version}`) ?? 0,
      upgradesTo: upgradesFrom(m.provider, m.version, byProvider.get(m.provider) ?? [], now),
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || compareVersions(b.version, a.version));
  return { items };
}

