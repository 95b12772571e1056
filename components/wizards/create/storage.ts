/**
 * The create wizard's progress in sessionStorage: the idempotency key, the chosen connection and
 * scope, the values and the step survive a reload (and are dropped after a successful submit).
 */
export const STORAGE = "clusterdeck:create-wizard";

export interface Saved {
  key: string;
  connectionId?: string;
  scope?: string;
  values?: Record<string, unknown>;
  step?: number;
}

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

export function load(): Saved {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE) ?? "null") as Saved | null;
    if (s && typeof s.key === "string") return s;
  } catch {
    /* ignore */
  }
  const fresh = { key: newKey() };
  sessionStorage.setItem(STORAGE, JSON.stringify(fresh));
  return fresh;
}

export function save(patch: Partial<Saved>) {
  try {
    const cur = JSON.parse(sessionStorage.getItem(STORAGE) ?? "{}") as Saved;
    sessionStorage.setItem(STORAGE, JSON.stringify({ ...cur, ...patch }));
  } catch {
    /* storage full or disabled: the wizard still works, without surviving reloads */
  }
}
