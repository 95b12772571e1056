/**
 * The embedded demo: the four provider simulators on loopback, and one-click connections to them.
 * Boot starts the simulators (the only place lib/ imports simulators/) and keeps them on globalThis.
 */
import path from "node:path";
import { notFound } from "@/lib/api/errors";
import { can, type Role } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { encryptCredentials } from "@/lib/crypto";
import { getProvider, isProviderKind } from "@/lib/providers/registry";
import type { RunningSimulators } from "@/simulators/index";
import { allowProviderHosts } from "./outbound";
import { trustProviderCAs } from "./outbound-agent";
import type { TeamActorContext } from "@/lib/audit";
import { createConnection, type ConnectionView } from "./service";

const g = globalThis as unknown as { __clusterdeckSimulators?: RunningSimulators };

/** the simulators this process runs, if any */
export function runningSimulators(): RunningSimulators | undefined {
  return g.__clusterdeckSimulators;
}

/** true when the demo is on and its simulators run: the UI offers demo connections */
export function demoAvailable(): boolean {
  return config().demo && !!g.__clusterdeckSimulators;
}

/**
 * Boot step (after migrations, demo mode only): starts the four simulators on their configured ports
 * (a busy port falls back to a random one, with a warning), allows their host:port as provider hosts,
 * and points existing demo connections at the current simulator URLs. Returns a stopper.
 */
export async function startDemoSimulators(): Promise<(() => Promise<void>) | undefined> {
  const cfg = config();
  if (!cfg.demo || g.__clusterdeckSimulators) return undefined;
  const { startAllSimulators, SIMULATORS } = await import("@/simulators/index");
  // the demo runs simulated time 20x faster unless SIM_TIME_SCALE says otherwise
  const scale = process.env.SIM_TIME_SCALE ? cfg.SIM_TIME_SCALE : 20;
  // the GKE simulator's service-account key is made once in the data folder, so saved demo connections keep working
  const env: NodeJS.ProcessEnv = { SIM_GKE_KEY_FILE: path.join(/* turbopackIgnore: true */ cfg.dataDir, "simulators-gke", "service-account-key.json"), ...process.env };
  let running: RunningSimulators | undefined;
  for (let attempt = 0; !running; attempt++) {
    try {
      running = await startAllSimulators({ env, ports: "env", scale, tlsDir: path.join(cfg.dataDir, "simulators-tls") });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { port?: number };
      const busy = err.code === "EADDRINUSE" ? SIMULATORS.find((m) => Number(env[m.portEnv] ?? m.defaultPort) === err.port) : undefined;
      if (!busy || attempt >= SIMULATORS.length) {
        // the demo is a convenience: the dashboard itself still starts
        logger.error({ err: err.message }, `demo: the provider simulators could not start (${err.message}); demo connections are not offered`);
        return undefined;
      }
      logger.warn({ simulator: busy.kind, port: err.port }, `demo: port ${err.port} (${busy.portEnv}) is in use; the ${busy.kind} simulator takes a random port instead`);
      env[busy.portEnv] = "0";
    }
  }
  g.__clusterdeckSimulators = running;
  allowProviderHosts(running.items.map((i) => new URL(i.sim.url).host));
  trustProviderCAs([running.ca]);
  logger.info({ simulators: running.items.map((i) => `${i.kind}=${i.sim.url}`), scale }, `demo: simulators running (${running.items.map((i) => `${i.kind} ${i.sim.url}`).join(", ")})`);
  await rewriteDemoConnections(running);
  return async () => {
    g.__clusterdeckSimulators = undefined;
    await running.close();
  };
}

/** Demo connections keep their path (e.g. CloudFerro's region prefix); only the simulator's origin changes. */
export async function rewriteDemoConnections(running: RunningSimulators): Promise<number> {
  const prisma = getPrisma();
  const rows = await prisma.connection.findMany({ where: { demo: true }, select: { id: true, teamId: true, name: true, provider: true, baseUrl: true } });
  let n = 0;
  for (const row of rows) {
    const item = running.items.find((i) => i.kind === row.provider);
    if (!item) continue;
    let next: string;
    try {
      const u = new URL(row.baseUrl);
      const sim = new URL(item.sim.url);
      u.protocol = sim.protocol;
      u.host = sim.host;
      next = u.href.replace(/\/+$/, "");
    } catch {
      continue;
    }
    if (next !== row.baseUrl) {
      // credentials that name the endpoint themselves (a kubeconfig's servers) are the simulator's demo ones: made anew for the new URL
      const fresh = isProviderKind(row.provider) && getProvider(row.provider).baseUrlFromCredentials ? item.demo.find((d) => d.name === row.name) : undefined;
      const enc = fresh ? encryptCredentials(fresh.credentials, { teamId: row.teamId, connectionId: row.id }) : undefined;
      await prisma.connection.update({ where: { id: row.id }, data: { baseUrl: next, ...(enc ? { credentialsCiphertext: enc.ciphertext, credentialsKeyId: enc.keyId } : {}) } });
      n++;
    }
  }
  if (n) logger.info({ count: n }, `demo: pointed ${n} demo connection(s) at the current simulator URLs`);
  return n;
}

/**
 * Adds a connection to every running simulator (CloudFerro: one per region), labelled as simulated.
 * Idempotent: connections that already exist (same name in the team) are left alone.
 */
export async function createDemoConnections(ctx: TeamActorContext): Promise<{ created: ConnectionView[]; existing: string[] }> {
  const running = g.__clusterdeckSimulators;
  if (!config().demo || !running) throw notFound("demo mode");
  const prisma = getPrisma();
  const created: ConnectionView[] = [];
  const existing: string[] = [];
  for (const item of running.items) {
    if (!isProviderKind(item.kind)) continue;
    for (const d of item.demo) {
      if (await prisma.connection.findFirst({ where: { teamId: ctx.teamId, name: d.name }, select: { id: true } })) {
        existing.push(d.name);
        continue;
      }
      try {
        const r = await createConnection(ctx, { provider: item.kind, name: d.name, baseUrl: d.baseUrl, credentials: d.credentials, defaultScope: d.defaultScope ?? null, test: false }, { demo: true });
        created.push(r.connection);
      } catch (e) {
        // a concurrent second click created it first
        if ((e as { status?: number }).status === 409) existing.push(d.name);
        else throw e;
      }
    }
  }
  return { created, existing };
}

/** whether the team already has demo connections (the one-click offer hides then) */
export async function hasDemoConnections(teamId: string): Promise<boolean> {
  return (await getPrisma().connection.count({ where: { teamId, demo: true } })) > 0;
}

/** whether to show the one-click demo offer to this actor (demo on, role may add connections, none yet) */
export async function demoOffered(actor: { teamId: string; role: Role }): Promise<boolean> {
  return demoAvailable() && can(actor.role, "connections.write") && !(await hasDemoConnections(actor.teamId));
}
