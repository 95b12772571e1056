import { config, resetConfig } from "@/lib/config";
import { logger } from "@/lib/log";

type Stopper = { name: string; stop: () => Promise<void> };

const g = globalThis as unknown as { __clusterdeckBoot?: Promise<void>; __clusterdeckStoppers?: Stopper[] };

/** Registers something to stop on shutdown (run in reverse order of registration). */
export function onShutdown(name: string, stop: () => Promise<void>) {
  (g.__clusterdeckStoppers ??= []).push({ name, stop });
}

/**
 * Start-up, once per process: pick the database (external PostgreSQL or the embedded PGlite),
 * apply migrations, create the bootstrap owner, start the demo simulators and the background worker.
 */
export function boot(): Promise<void> {
  return (g.__clusterdeckBoot ??= doBoot().catch((e) => {
    logger.fatal({ err: (e as Error).message }, "start-up failed");
    // a server that cannot reach a migrated database must not pretend to be up
    process.exit(1);
  }));
}

async function doBoot() {
  resetConfig();
  const cfg = config();

  // credentials encryption key (lib/crypto): refuse to start in production without ENCRYPTION_KEY;
  // the embedded default generates DATA_DIR/encryption.key
  const { ensureEncryptionKey } = await import("@/lib/crypto/keys");
  if (!cfg.CLUSTERDECK_MIGRATE_ONLY) ensureEncryptionKey();

  let url: string;
  if (cfg.embedded) {
    const { startEmbeddedDatabase } = await import("@/lib/db/embedded");
    const db = await startEmbeddedDatabase({ dataDir: cfg.dataDir, sharedBuffersMb: cfg.EMBEDDED_SHARED_BUFFERS_MB });
    url = db.url;
    process.env.DATABASE_URL = url;
    process.env.CLUSTERDECK_DB_KIND = "embedded";
    onShutdown("embedded database", db.stop);
    logger.info({ database: "embedded", dataDir: db.dataDir }, `database: embedded PostgreSQL (PGlite), data in ${db.dataDir}`);
  } else {
    url = cfg.DATABASE_URL!;
    const u = new URL(url);
    logger.info({ database: "postgresql", host: u.hostname, port: u.port || "5432", name: u.pathname.slice(1) }, `database: PostgreSQL at ${u.hostname}:${u.port || "5432"}${u.pathname}`);
  }

  const { applyMigrations } = await import("@/lib/db/migrate");
  const { applied } = await applyMigrations(url);
  logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");

  // CLUSTERDECK_MIGRATE_ONLY=1: apply migrations and exit 0 (the Helm pre-install/pre-upgrade hook Job)
  if (cfg.CLUSTERDECK_MIGRATE_ONLY) await migrateOnlyExit();

  // auth: SSO group mappings from OIDC_GROUP_MAPPINGS and the BOOTSTRAP_ADMIN_* owner (lib/auth/boot.ts)
  const { authBootStep } = await import("@/lib/auth/boot");
  await authBootStep();

  // demo mode: the four provider simulators on loopback, demo connections pointed at them (lib/connections/demo.ts)
  if (cfg.demo) {
    const { startDemoSimulators } = await import("@/lib/connections/demo");
    const stop = await startDemoSimulators();
    if (stop) onShutdown("demo simulators", stop);
  }

  if (cfg.WORKER_ENABLED) {
    const { startWorker } = await import("@/lib/worker");
    const { allJobs } = await import("@/lib/worker/jobs");
    const worker = startWorker(await allJobs());
    onShutdown("worker", worker.stop);
  }

  installShutdownHandlers();
  logger.info({ port: cfg.PORT, demo: cfg.demo }, `started${cfg.demo ? " (demo: simulated providers running)" : ""}`);
}

async function migrateOnlyExit(): Promise<never> {
  logger.info("CLUSTERDECK_MIGRATE_ONLY: migrations applied; exiting");
  for (const s of [...(g.__clusterdeckStoppers ?? [])].reverse()) await s.stop().catch(() => undefined);
  process.exit(0);
}

let handlersInstalled = false;
function installShutdownHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const s of [...(g.__clusterdeckStoppers ?? [])].reverse()) {
      await s.stop().catch((e) => logger.warn({ err: (e as Error).message, part: s.name }, "error while stopping"));
    }
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  // scripts/server.mjs (the production server) leaves the exit to these handlers from now on
  (globalThis as { __clusterdeckShutdownHandlers?: boolean }).__clusterdeckShutdownHandlers = true;
}
