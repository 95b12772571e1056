export const ROLES = ["owner", "admin", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3, owner: 4 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** The one permission table: every route and server action names one of these. */
export const PERMISSIONS = {
  "inventory.read": "viewer",
  "operations.read": "viewer",
  "connections.read": "viewer",
  "connections.write": "admin",
  "connections.test": "admin",
  "clusters.create": "operator",
  "clusters.upgrade": "operator",
  "clusters.nodepools": "operator",
  "clusters.delete": "admin",
  "clusters.forget": "admin",
  "clusters.protect": "admin",
  "clusters.sync": "operator",
  "clusters.kubeconfig": "operator",
  "audit.read": "admin",
  "members.read": "viewer",
  "members.manage": "owner",
  "team.settings": "owner",
  "tokens.manage": "viewer",
  "preferences.write": "viewer",
  "profile.read": "viewer",
  "profile.write": "viewer",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}
