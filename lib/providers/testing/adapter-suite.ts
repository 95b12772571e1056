/**
 * The one adapter test suite every provider passes unchanged. Each provider's
 * `lib/providers/<kind>/adapter.test.ts` calls `runAdapterSuite(fixture)`; the suite starts that
 * provider's simulator over real HTTP and checks the normalized behaviour. Provider-specific wire
 * details (exact bodies, codes, auth quirks) belong in the provider's own contract tests.
 */
import http from "node:http";
import https from "node:https";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SimClock, MINUTE } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulatorTls } from "@/simulators/kit/tls";
import type { SimulatorModule } from "@/simulators/kit/types";
import type { FaultInput } from "@/simulators/kit/faults";
import { CLUSTER_STATUSES, ProviderError, PROVIDER_ERROR_KINDS, type ProviderAdapter, type ProviderCluster, type ProviderDefinition, type HttpOptions, type ConnectionConfig } from "../types";

export interface AdapterFixture {
  definition: ProviderDefinition;
  /** the provider's adapter class (the definition loads it on first use; tests construct it directly) */
  adapterClass: new (config: ConnectionConfig) => ProviderAdapter;
  simulator: SimulatorModule;
  /** credentials the simulator rejects as invalid (401) */
  badCredentials: Record<string, string>;
  /**
   * A valid create input for `scope` (the wizard's values). May read live options through the
   * adapter (zones, VPCs, machine specs, versions) like the wizard does.
   */
  createInput(adapter: ProviderAdapter, scope: string, name: string): Promise<Record<string, unknown>>;
  /** the scope to create in (default: the first of listScopes) */
  createScope?(adapter: ProviderAdapter): Promise<string>;
}

const FAST_HTTP: Partial<HttpOptions> = { timeoutMs: 1_500, backoffBaseMs: 20, backoffMaxMs: 300, budgetMs: 6_000, maxAttempts: 4 };

export function runAdapterSuite(fx: AdapterFixture) {
  const kind = fx.definition.kind;

  describe(`provider adapter suite: ${kind}`, () => {
    let sim: RunningSimulator;
    let clock: SimClock;
    let credentials: Record<string, string>;
    const adapter = (over: Partial<HttpOptions> = {}, creds?: Record<string, string>, baseUrl?: string) =>
      new fx.adapterClass({ baseUrl: baseUrl ?? fx.simulator.demoConnections(sim.url, credentials)[0].baseUrl, credentials: creds ?? credentials, http: { ...FAST_HTTP, ...over } });
    const setFaults = async (f: FaultInput) => {
      expect(await adminCall(sim.url, "PUT", "/__sim/faults", f)).toBe(200);
    };
    const advance = async (ms: number) => {
      expect(await adminCall(sim.url, "POST", "/__sim/clock", { advanceMs: ms })).toBe(200);
    };
    /** advances simulated time in steps until `done` holds or `maxMinutes` of provider time passed */
    async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, maxMinutes = 240): Promise<T> {
      let v = await read();
      for (let m = 0; m < maxMinutes && !done(v); m += 5) {
        await advance(5 * MINUTE);
        v = await read();
      }
      return v;
    }
    async function expectProviderError(p: Promise<unknown>, kinds: string[]) {
      const err = await p.then(() => undefined, (e: unknown) => e);
      expect(err, "expected a ProviderError").toBeInstanceOf(ProviderError);
      expect(kinds).toContain((err as ProviderError).kind);
      return err as ProviderError;
    }

    beforeAll(async () => {
      clock = new SimClock(1);
      credentials = fx.simulator.credentialsFromEnv({} as NodeJS.ProcessEnv);
      // simulators whose SDK insists on https are served with the simulators' CA (trusted by the fixture)
      sim = await startSimulator(fx.simulator.create({ clock, seed: "suite", credentials }), clock, { port: 0, seed: "suite", tls: fx.simulator.tls ? simulatorTls() : undefined });
    });
    afterAll(async () => {
      await sim?.close();
    });
    afterEach(async () => {
      await setFaults({});
    });

    it("describes itself in the registry shape", () => {
      expect(fx.definition.kind).toBe(fx.simulator.kind);
      expect(fx.definition.displayName.length).toBeGreaterThan(2);
      expect(fx.definition.credentialFields.length).toBeGreaterThan(0);
      expect(fx.definition.credentialsSchema.safeParse(credentials).success).toBe(true);
      expect(fx.definition.credentialsSchema.safeParse({}).success).toBe(false);
      // the optional, documentary ProviderDefinition.simulator must not contradict simulators/<kind>
      const stated = fx.definition.simulator;
      if (stated) {
        expect({ portEnv: stated.portEnv, defaultPort: stated.defaultPort }).toEqual({ portEnv: fx.simulator.portEnv, defaultPort: fx.simulator.defaultPort });
        expect(stated.credentialsFromEnv({} as NodeJS.ProcessEnv)).toEqual(credentials);
      }
    });

    it("tests the connection and reports what it sees", async () => {
      const r = await adapter().testConnection();
      expect(r.ok).toBe(true);
      expect(r.scopes).toBeGreaterThan(0);
      expect(r.summary).toMatch(/\d/);
    });

    it("rejects wrong credentials as unauthorized, without echoing them", async () => {
      const err = await expectProviderError(adapter({}, fx.badCredentials).listScopes(), ["unauthorized"]);
      for (const v of Object.values(fx.badCredentials)) expect(JSON.stringify(err) + err.message).not.toContain(v);
    });

    it("lists scopes", async () => {
      const scopes = await adapter().listScopes();
      expect(scopes.length).toBeGreaterThan(0);
      for (const s of scopes) {
        expect(typeof s.externalId).toBe("string");
        expect(s.name.length).toBeGreaterThan(0);
        expect(s.kind.length).toBeGreaterThan(0);
      }
    });

    it("lists seeded clusters mapped onto the normalized model", async () => {
      const clusters = await adapter().listClusters();
      expect(clusters.length).toBeGreaterThanOrEqual(10);
      for (const c of clusters) assertNormalized(c);
      const statuses = new Set(clusters.map((c) => c.status));
      expect(statuses.has("running")).toBe(true);
      expect(statuses.has("failed")).toBe(true);
      expect(statuses.has("upgrading") || statuses.has("updating")).toBe(true);
      expect(new Set(clusters.map((c) => c.version)).size).toBeGreaterThan(1);
    });

    it("reads one cluster and answers not_found for an unknown one", async () => {
      const a = adapter();
      const [first] = await a.listClusters();
      const one = await a.getCluster(first.scope, first.externalId);
      expect(one.externalId).toBe(first.externalId);
      expect(one.name).toBe(first.name);
      assertNormalized(one);
      await expectProviderError(a.getCluster(first.scope, unknownIdLike(first.externalId)), ["not_found"]);
    });

    it("lists Kubernetes versions, normalized, with at least one active", async () => {
      const versions = await adapter().listVersions();
      expect(versions.length).toBeGreaterThan(1);
      for (const v of versions) expect(v.version).toMatch(/^\d+\.\d+(\.\d+)?$/);
      expect(versions.some((v) => v.active)).toBe(true);
    });

    it("offers a create schema whose zod validation names missing fields", () => {
      const cs = fx.definition.createSchema();
      expect(cs.steps.length).toBeGreaterThan(0);
      expect(cs.fields.length).toBeGreaterThan(0);
      for (const f of cs.fields) expect(cs.steps.map((s) => s.id)).toContain(f.step);
      const r = cs.schema.safeParse({});
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.some((i) => i.path.length > 0)).toBe(true);
    });

    it("creates a cluster that provisions to running, upgrades it, and deletes it until gone", async () => {
      const a = adapter();
      const scope = fx.createScope ? await fx.createScope(a) : (await a.listScopes())[0].externalId;
      const name = `suite-${kind}-${Date.now().toString(36)}`.slice(0, 30);
      const input = await fx.createInput(a, scope, name);
      expect(fx.definition.createSchema().schema.safeParse(input).success).toBe(true);
      const handle = await a.createCluster(scope, input);
      expect(handle.externalId).toBeTruthy();
      const created = await a.getCluster(handle.scope, handle.externalId);
      expect(created.name).toBe(name);
      expect(["provisioning", "running"]).toContain(created.status);

      const running = await waitFor(() => a.getCluster(handle.scope, handle.externalId), (c) => c.status === "running" || c.status === "failed");
      expect(running.status).toBe("running");

      const versions = await a.listVersions(handle.scope);
      const options = fx.definition.upgradeOptions({ cluster: running, versions, operationRunning: false });
      const target = options.find((o) => o.allowed && !o.current);
      expect(target, `an allowed upgrade target from ${running.version}`).toBeTruthy();
      await a.upgradeCluster(handle.scope, handle.externalId, target!.version);
      const upgraded = await waitFor(() => a.getCluster(handle.scope, handle.externalId), (c) => c.status === "running" && c.version === target!.version);
      expect(upgraded.version).toBe(target!.version);
      expect(upgraded.status).toBe("running");

      await a.deleteCluster(handle.scope, handle.externalId);
      const gone = await waitFor(
        () => a.getCluster(handle.scope, handle.externalId).then(() => "present", (e) => (e instanceof ProviderError && e.kind === "not_found" ? "gone" : "error")),
        (s) => s === "gone",
      );
      expect(gone).toBe("gone");
      const after = await a.listClusters(handle.scope);
      expect(after.find((c) => c.externalId === handle.externalId)).toBeUndefined();
    }, 120_000);

    // issue 19 item 11: the options shown and the adapter share one rule — nothing offered is then refused
    it("accepts every upgrade option it marks allowed for a seeded cluster, and gives a reason for every refused one", async () => {
      const reset = async () => expect(await adminCall(sim.url, "POST", "/__sim/reset", {})).toBe(200);
      await reset();
      const a = adapter();
      const clusters = await a.listClusters();
      const allowed: { cluster: ProviderCluster; version: string }[] = [];
      const versionsOf = new Map<string, Awaited<ReturnType<ProviderAdapter["listVersions"]>>>();
      for (const c of clusters) {
        if (!versionsOf.has(c.scope)) versionsOf.set(c.scope, await a.listVersions(c.scope));
        for (const o of fx.definition.upgradeOptions({ cluster: c, versions: versionsOf.get(c.scope)!, operationRunning: false })) {
          if (o.allowed) allowed.push({ cluster: c, version: o.version });
          else expect(o.reason, `reason for refusing ${c.name} ${c.version} -> ${o.version}`).toBeTruthy();
        }
      }
      expect(allowed.length, "some seeded cluster has an allowed upgrade").toBeGreaterThan(0);
      for (const { cluster: c, version } of allowed) {
        await reset();
        // a fresh adapter per attempt, as the app builds one per operation (a reset re-seeds the simulator's tokens)
        const fresh = adapter();
        const err = await fresh.upgradeCluster(c.scope, c.externalId, version).then(() => null, (e: unknown) => e);
        expect(err, `${c.name} (${String(c.raw?.type ?? "")} ${c.version}) -> ${version} was offered as allowed`).toBeNull();
        const after = await fresh.getCluster(c.scope, c.externalId);
        expect(after.status, `${c.name} -> ${version} after the upgrade call`).not.toBe("failed");
      }
      await reset();
    }, 120_000);

    it("refuses an invalid create with a typed invalid error", async () => {
      const a = adapter();
      const scope = fx.createScope ? await fx.createScope(a) : (await a.listScopes())[0].externalId;
      const input = await fx.createInput(a, scope, "x");
      await expectProviderError(a.createCluster(scope, { ...input, name: "Not A Valid Name!!" }), ["invalid"]);
    });

    it("turns injected 5xx into unavailable after retries", async () => {
      await setFaults({ errorRates: { "503": 1 }, retryAfterSeconds: 0 });
      await expectProviderError(adapter().listScopes(), ["unavailable"]);
      await setFaults({ errorRates: { "500": 1 } });
      await expectProviderError(adapter().listScopes(), ["unavailable"]);
      await setFaults({ errorRates: { "502": 1 } });
      await expectProviderError(adapter().listScopes(), ["unavailable"]);
    });

    it("turns 429 into rate_limited and honours Retry-After", async () => {
      await setFaults({ errorRates: { "429": 1 }, retryAfterSeconds: 60 });
      const err = await expectProviderError(adapter().listScopes(), ["rate_limited"]);
      expect(err.retryAfterMs).toBe(60_000);
    });

    it("gives up on a provider that never answers with a timeout", async () => {
      await setFaults({ hangRate: 1 });
      await expectProviderError(adapter({ timeoutMs: 300, maxAttempts: 2, budgetMs: 2_000 }).listScopes(), ["timeout"]);
    });

    it("turns malformed and truncated bodies into bad_response, never a crash", async () => {
      await setFaults({ malformedRate: 1 });
      await expectProviderError(adapter().listClusters(), ["bad_response"]);
      await setFaults({ truncatedRate: 1 });
      await expectProviderError(adapter().listScopes(), ["bad_response", "unavailable"]);
    });

    it("cuts off a body over the size cap", async () => {
      await setFaults({ oversizeRate: 1, oversizeBytes: 2 * 1024 * 1024 });
      const err = await expectProviderError(adapter({ maxResponseBytes: 256 * 1024 }).listScopes(), ["bad_response"]);
      expect(err.message).toMatch(/larger than/);
    });

    it("with 30% 503s and up to 1 s of jitter every read completes or fails typed", async () => {
      await setFaults({ errorRates: { "503": 0.3 }, jitterMs: 1000, retryAfterSeconds: 0 });
      const a = adapter({ timeoutMs: 3_000, budgetMs: 10_000 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => a.listClusters()));
      let ok = 0;
      for (const r of results) {
        if (r.status === "fulfilled") ok++;
        else {
          expect(r.reason).toBeInstanceOf(ProviderError);
          expect(PROVIDER_ERROR_KINDS).toContain((r.reason as ProviderError).kind);
        }
      }
      expect(ok).toBeGreaterThan(0);
    }, 60_000);
  });
}

/** a simulator admin call over http or https (https simulators use the simulators' CA); answers the status */
function adminCall(base: string, method: string, path: string, body: unknown): Promise<number> {
  const url = new URL(path, base);
  const text = JSON.stringify(body);
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }, ...(url.protocol === "https:" ? { ca: simulatorTls().ca } : {}) }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(text);
  });
}

function assertNormalized(c: ProviderCluster) {
  expect(typeof c.externalId).toBe("string");
  expect(c.externalId.length).toBeGreaterThan(0);
  expect(c.name.length).toBeGreaterThan(0);
  expect(typeof c.scope).toBe("string");
  expect(CLUSTER_STATUSES).toContain(c.status);
  expect(typeof c.providerStatus).toBe("string");
  expect(Number.isInteger(c.nodeCount)).toBe(true);
  expect(Array.isArray(c.nodePools)).toBe(true);
  if (c.version) expect(c.version).toMatch(/^\d+\.\d+(\.\d+)?$/);
}

/** an id of the same shape as a real one that no simulator has seeded */
function unknownIdLike(id: string): string {
  if (/^\d+$/.test(id)) return "987654321";
  if (/^[0-9a-f-]{36}$/i.test(id)) return "00000000-0000-4000-8000-000000000000";
  return `${id.slice(0, 3)}-does-not-exist`;
}
