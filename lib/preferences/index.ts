/**
 * Per-user UI preferences (e.g. the clusters table's visible columns): small JSON values under a key.
 * Personal to the user (not the team); every write is audited like any other mutation.
 */
import { audit, type TeamActorContext } from "@/lib/audit";
import { getPrisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export const PREFERENCE_KEY = /^[a-z][a-z0-9._-]{0,63}$/;
/** a preference value serialised must stay under this many characters */
export const PREFERENCE_MAX_CHARS = 8_192;

export async function getPreferences(userId: string): Promise<Record<string, unknown>> {
  const rows = await getPrisma().userPreference.findMany({ where: { userId }, orderBy: { key: "asc" } });
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function getPreference<T = unknown>(userId: string, key: string): Promise<T | null> {
  const row = await getPrisma().userPreference.findUnique({ where: { userId_key: { userId, key } } });
  return row ? (row.value as T) : null;
}

/** Sets (or, with value null, removes) one preference of the user. */
export async function setPreference(userId: string, key: string, value: unknown, ctx: TeamActorContext): Promise<{ key: string; value: unknown }> {
  const prisma = getPrisma();
  if (value === null) {
    await prisma.userPreference.deleteMany({ where: { userId, key } });
  } else {
    await prisma.userPreference.upsert({
      where: { userId_key: { userId, key } },
      create: { userId, key, value: value as Prisma.InputJsonValue },
      update: { value: value as Prisma.InputJsonValue },
    });
  }
  await audit({ ...ctx, action: "user.preference", targetType: "user", targetId: userId, result: "success", details: { key } });
  return { key, value };
}
