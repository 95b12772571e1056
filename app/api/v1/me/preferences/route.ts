import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { getPreferences, PREFERENCE_KEY, PREFERENCE_MAX_CHARS, setPreference } from "@/lib/preferences";

export const dynamic = "force-dynamic";

/** The caller's UI preferences: `{ preferences: { [key]: value } }`. */
export const GET = apiRoute({ permission: "profile.read", name: "/api/v1/me/preferences" }, async ({ actor }) => ({
  preferences: await getPreferences(actor.userId),
}));

const body = z.object({
  key: z.string().regex(PREFERENCE_KEY, "lower-case letters, digits, '.', '_' or '-' (at most 64)"),
  value: z
    .unknown()
    .refine((v) => v !== undefined, "required (null removes the preference)")
    .refine((v) => JSON.stringify(v ?? null).length <= PREFERENCE_MAX_CHARS, `at most ${PREFERENCE_MAX_CHARS} characters of JSON`),
});

/** Sets one preference: `{ key, value }` (value null removes it). */
export const PUT = apiRoute({ permission: "preferences.write", name: "/api/v1/me/preferences", body }, async ({ actor, body, audit }) =>
  setPreference(actor.userId, body.key, body.value, audit),
);
