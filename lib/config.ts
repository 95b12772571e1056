import path from "node:path";
import { z } from "zod";
import { EMBEDDED_SHARED_BUFFERS_MB } from "./db/embedded";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

/**
 * Every environment variable Clusterdeck reads (the README's table mirrors this list).
 * Parsed once; an invalid value stops start-up with a message naming the variable.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  // the embedded database's shared buffer pool in MB (lib/db/embedded.ts EMBEDDED_SHARED_BUFFERS_MB: why 32)
  EMBEDDED_SHARED_BUFFERS_MB: z.coerce.number().int().min(8).max(4096).default(EMBEDDED_SHARED_BUFFERS_MB),
  CLUSTERDECK_DEMO: bool.optional(),
  ENCRYPTION_KEY: z.string().optional(),
  ENCRYPTION_KEYS_OLD: z.string().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(12),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default("openid email profile groups"),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  OIDC_NAME: z.string().default("Single sign-on"),
  OIDC_GROUP_MAPPINGS: z.string().optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  BOOTSTRAP_ADMIN_EMAIL: z.string().email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
  ALLOWED_PROVIDER_HOSTS: z.string().default(""),
  // PEM file of extra certificate authorities provider connections trust (TLS-inspecting proxies, private endpoints)
  PROVIDER_CA_FILE: z.string().optional(),
  METRICS_TOKEN: z.string().optional(),
  // reverse proxies in front of the server whose X-Forwarded-For entries are trusted (lib/api/request.ts); 0 = the connection's own address
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(32).default(0),
  // requests per minute one personal API token may make (429 + Retry-After beyond); 0 = no limit
  API_TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(5).default(60),
  SYNC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(30),
  // per connection's sync; at least the adapters' own fan-out (NKS and CloudFerro fetch node pools 6 at a time), which a lower cap only throttles
  PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).default(8),
  // connections one replica syncs at once; unset: adapts from 4 per CPU core (4 to 32) up to 16 per core (lib/inventory/job.ts)
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // cluster-list rows kept in each replica's page cache (lib/inventory/list-cache.ts); 0 = no cache
  LIST_CACHE_ROWS: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  // per-attempt timeout of provider API calls (lib/connections)
  PROVIDER_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(10),
  PROVIDER_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  WORKER_ENABLED: bool.default(true),
  // apply migrations at start-up, then exit 0 (Helm migration hook Job; lib/boot.ts)
  CLUSTERDECK_MIGRATE_ONLY: bool.default(false),
  // tracked operations (lib/operations): provider status polls, worker leases, retry backoff of transient refusals
  OPERATION_POLL_SECONDS: z.coerce.number().positive().default(3),
  OPERATION_LEASE_SECONDS: z.coerce.number().positive().default(30),
  OPERATION_RETRY_BASE_SECONDS: z.coerce.number().positive().default(5),
  OPERATION_RETRY_MAX_SECONDS: z.coerce.number().positive().default(300),
  SIM_TIME_SCALE: z.coerce.number().positive().default(1),
});

export type Config = z.infer<typeof schema> & { dataDir: string; demo: boolean; embedded: boolean };

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${msg}`);
  }
  const c = parsed.data;
  const embedded = !c.DATABASE_URL || env.CLUSTERDECK_DB_KIND === "embedded";
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    embedded,
    // the embedded default is the "try it" mode: simulators and demo connections on
    demo: c.CLUSTERDECK_DEMO ?? embedded,
  };
}

export function config(): Config {
  return (cached ??= loadConfig());
}

/** tests and boot re-read the environment after changing it */
export function resetConfig() {
  cached = undefined;
}
