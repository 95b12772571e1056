/**
 * The GKE connection's credentials: a service-account key (the JSON file Google Cloud downloads,
 * a secret in full) and optionally the project to manage (default: the key's own project_id).
 * Browser-safe: zod only.
 */
import { z } from "zod";

export const PROJECT_ID_RE = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** The fields of a service-account key file this connection uses (docs/providers/gke.md §1). */
export const serviceAccountKeySchema = z.object({
  type: z.literal("service_account", { error: 'the key\'s "type" must be "service_account"' }),
  project_id: z.string().regex(PROJECT_ID_RE, "the key's project_id is not a Google Cloud project ID").optional(),
  private_key_id: z.string().min(1).optional(),
  private_key: z.string().includes("PRIVATE KEY", { error: "the key has no private_key in PEM form" }),
  client_email: z.string().regex(/^[^@\s]+@[^@\s]+$/, "the key's client_email is not an e-mail address"),
  universe_domain: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Parses the key text; returns the first problem as text on failure (never echoes the key). */
export function parseServiceAccountKey(text: string): { ok: true; key: ServiceAccountKey } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: "the service-account key is not valid JSON (paste the whole key file)" };
  }
  const r = serviceAccountKeySchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, problem: i.code === "invalid_type" ? `the key has no valid "${i.path.join(".")}"` : i.message };
  }
  return { ok: true, key: r.data };
}

export const credentialsSchema = z
  .object({
    serviceAccountKey: z.string().trim().min(1, "a service-account key (JSON) is required").max(8192, "at most 8192 characters"),
    projectId: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.union([z.literal(""), z.string().regex(PROJECT_ID_RE, "a Google Cloud project ID such as my-project-123")]).optional()),
  })
  .superRefine((v, ctx) => {
    const parsed = parseServiceAccountKey(v.serviceAccountKey);
    if (!parsed.ok) return void ctx.addIssue({ code: "custom", path: ["serviceAccountKey"], message: parsed.problem });
    if (!v.projectId && !parsed.key.project_id) ctx.addIssue({ code: "custom", path: ["projectId"], message: "the key names no project_id; give the project ID" });
  }) as unknown as z.ZodType<Record<string, string>>;

/** The project a connection manages: the explicit project ID, else the key's own. */
export function projectOf(credentials: Record<string, string>, key: ServiceAccountKey): string | undefined {
  return credentials.projectId?.trim() || key.project_id;
}
