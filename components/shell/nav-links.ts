export const NAV_LINKS = [
  { href: "/", label: "Overview" },
  { href: "/clusters", label: "Clusters" },
  { href: "/versions", label: "Versions" },
  { href: "/scopes", label: "Scopes" },
  { href: "/connections", label: "Connections" },
  { href: "/audit", label: "Audit", minRole: "admin" },
  { href: "/settings", label: "Settings" },
] as const satisfies readonly { href: string; label: string; minRole?: "viewer" | "operator" | "admin" | "owner" }[];

const RANK: Record<string, number> = { viewer: 1, operator: 2, admin: 3, owner: 4 };

/** links the given role may use (all of them when the role is unknown) */
export function linksFor(role?: string) {
  return NAV_LINKS.filter((l) => !("minRole" in l) || !role || (RANK[role] ?? 0) >= RANK[l.minRole]);
}
