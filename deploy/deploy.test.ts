/**
 * The deployment files cannot be built or installed here (no Docker engine, no Kubernetes, no helm),
 * so this checks their essentials by parsing them: the Dockerfile's stages and runtime hardening (and
 * its HEALTHCHECK command, run for real against a stub server), docker-compose.yml's services, and the
 * Helm chart rendered by the real template engine (Go text/template + Sprig, deploy/helm-render via
 * deploy/helm/renderer.ts), every rendered manifest validated against the Kubernetes object schemas
 * (kubernetes-models).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { renderChart, type RenderOptions } from "./helm/renderer";
import { validateManifest } from "./helm/validate";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");
const SECRET_NAMES = /(PASSWORD|SECRET|TOKEN|ENCRYPTION_KEY|DATABASE_URL|API_KEY)/i;

/* ---------------------------------------------------------------- Dockerfile */

interface Instr {
  op: string;
  args: string;
  stage: string;
}

function parseDockerfile(text: string): { instrs: Instr[]; stages: { name: string; base: string }[] } {
  const logical: string[] = [];
  let buf = "";
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (!buf && (line.trim().startsWith("#") || !line.trim())) continue;
    if (buf && line.trim().startsWith("#")) continue;
    if (line.endsWith("\\")) buf += line.slice(0, -1) + " ";
    else {
      logical.push(buf + line);
      buf = "";
    }
  }
  const stages: { name: string; base: string }[] = [];
  const instrs: Instr[] = [];
  let stage = "";
  for (const l of logical) {
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(l);
    if (!m) continue;
    const op = m[1].toUpperCase();
    if (op === "FROM") {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(m[2].replace(/--platform=\S+\s+/, ""))!;
      stage = f[2] ?? `stage${stages.length}`;
      stages.push({ name: stage, base: f[1] });
    }
    instrs.push({ op, args: m[2].trim(), stage });
  }
  return { instrs, stages };
}

describe("Dockerfile", () => {
  const { instrs, stages } = parseDockerfile(read("Dockerfile"));
  const inStage = (s: string, op: string) => instrs.filter((i) => i.stage === s && i.op === op);
  const runtime = stages[stages.length - 1].name;

  it("has deps (npm ci), build (npm run build) and a slim runtime stage", () => {
    expect(stages.map((s) => s.name)).toEqual(["deps", "build", "runtime"]);
    expect(inStage("deps", "RUN").some((i) => /\bnpm ci\b/.test(i.args) && /--ignore-scripts/.test(i.args))).toBe(true);
    expect(inStage("build", "RUN").some((i) => /\bnpm run build\b/.test(i.args))).toBe(true);
    const arg = instrs.find((i) => i.op === "ARG" && i.args.startsWith("NODE_IMAGE="));
    // the current Node LTS; package.json's engines and the extra CI test run and the benchmarks (scripts/image-node.ts) follow it
    const major = /node:(\d+)-slim/.exec(arg?.args ?? "")?.[1];
    expect(Number(major)).toBeGreaterThanOrEqual(24);
    expect(JSON.parse(read("package.json")).engines.node).toBe(`>=${major}`);
    expect(read("scripts/image-node.ts")).toContain(`export const IMAGE_NODE_MAJOR = ${major};`);
    expect(stages.every((s) => s.base === "${NODE_IMAGE}")).toBe(true);
  });

  it("the build assembles the standalone folder (scripts/assemble-standalone.mjs checks the engine and PGlite files); next.config traces them", () => {
    const build = inStage("build", "RUN").map((i) => i.args).join("\n");
    expect(build).toContain(".next/standalone/server.mjs");
    expect(build).toContain(".next/standalone/admin.mjs");
    expect(JSON.parse(read("package.json")).scripts.build).toContain("scripts/assemble-standalone.mjs");
    const assemble = read("scripts/assemble-standalone.mjs");
    for (const s of ["@prisma/schema-engine-wasm", "@electric-sql/pglite/dist", '"prisma", "migrations"', '".next", "static"', "admin.mjs", 'bundle("server.mjs", "server.mjs"', ".js.br"]) expect(assemble).toContain(s);
    // the Brotli copies are made after next build and before the folder is assembled (it copies them)
    expect(JSON.parse(read("package.json")).scripts.build).toMatch(/next build && node scripts\/precompress\.mjs && node scripts\/assemble-standalone\.mjs/);
    const nextConfig = read("next.config.mjs");
    expect(nextConfig).toMatch(/output:\s*"standalone"/);
    expect(nextConfig).toContain("./prisma/migrations/**/*");
    expect(nextConfig).toContain("./node_modules/@prisma/schema-engine-wasm/*.wasm");
    expect(nextConfig).toContain("./node_modules/@electric-sql/pglite/dist/");
  });

  it("the runtime copies only the assembled standalone folder", () => {
    const copies = inStage(runtime, "COPY");
    expect(copies.length).toBe(1);
    expect(copies[0].args).toMatch(/--from=build/);
    expect(copies[0].args.split(/\s+/).filter((a) => !a.startsWith("--"))).toEqual(["/app/.next/standalone", "./"]);
  });

  it("runs as a numeric non-root user with CLUSTERDECK_ROOT, DATA_DIR and a volume", () => {
    const users = inStage(runtime, "USER");
    expect(users.length).toBe(1);
    const [uid] = users[0].args.split(":");
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    const env = inStage(runtime, "ENV").map((i) => i.args).join(" ");
    expect(env).toMatch(/CLUSTERDECK_ROOT=\/app/);
    expect(env).toMatch(/DATA_DIR=\/data/);
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/HOSTNAME=0\.0\.0\.0/);
    expect(inStage(runtime, "VOLUME")[0]?.args).toContain("/data");
    expect(inStage(runtime, "EXPOSE")[0]?.args).toBe("3000");
    // the production server (scripts/server.mjs, bundled by assemble-standalone): Next plus Brotli for its static files
    expect(inStage(runtime, "CMD")[0]?.args).toBe('["node", "server.mjs"]');
  });

  it("bakes no secrets into the image", () => {
    for (const i of instrs.filter((x) => x.op === "ENV" || x.op === "ARG")) {
      for (const m of i.args.matchAll(/([A-Z_][A-Z0-9_]*)=/g)) expect(m[1], `${i.op} ${m[1]}`).not.toMatch(SECRET_NAMES);
    }
    for (const c of instrs.filter((x) => x.op === "COPY")) expect(c.args).not.toMatch(/\.env\b/);
    const ignore = read(".dockerignore").split("\n").map((l) => l.trim());
    for (const entry of [".env", ".env.*", "node_modules", ".git", "data", ".next"]) expect(ignore).toContain(entry);
  });

  it("HEALTHCHECK probes /api/health with node, and the command really works", async () => {
    const hc = inStage(runtime, "HEALTHCHECK")[0];
    expect(hc).toBeDefined();
    const cmd = JSON.parse(hc.args.replace(/^.*?CMD\s+/, "")) as string[];
    expect(cmd[0]).toBe("node");
    expect(cmd[1]).toBe("-e");
    expect(cmd[2]).toContain("/api/health");
    let status = 200;
    const hits: string[] = [];
    const srv = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      res.writeHead(status).end("{}");
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as AddressInfo).port;
    const run = () => promisify(execFile)(process.execPath, cmd.slice(1), { env: { ...process.env, PORT: String(port) } }).then(() => 0, (e: { code: number }) => e.code);
    try {
      expect(await run()).toBe(0);
      status = 503;
      expect(await run()).toBe(1);
    } finally {
      srv.close();
    }
    expect(hits).toEqual(["/api/health", "/api/health"]);
    // nothing listening: unhealthy, not a crash with another code
    const closedPort = port;
    expect(await promisify(execFile)(process.execPath, cmd.slice(1), { env: { ...process.env, PORT: String(closedPort) } }).then(() => 0, (e: { code: number }) => e.code)).toBe(1);
  });
});

/* ---------------------------------------------------------------- docker-compose.yml */

describe("docker-compose.yml", () => {
  const compose = yaml.load(read("docker-compose.yml")) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
  const { db, app } = compose.services;

  it("runs PostgreSQL 16 and the app with healthchecks; the app waits for a healthy database", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "db"]);
    expect(db.image).toMatch(/^postgres:16/);
    expect((db.healthcheck as { test: string[] }).test.join(" ")).toContain("pg_isready");
    expect((app.healthcheck as { test: string[] }).test.join(" ")).toContain("/api/ready");
    expect(app.depends_on).toEqual({ db: { condition: "service_healthy" } });
    expect(app.build).toBe(".");
  });

  it("keeps data in volumes and runs the app read-only without capabilities", () => {
    expect(db.volumes).toContain("pgdata:/var/lib/postgresql/data");
    expect(app.volumes).toContain("appdata:/data");
    expect(Object.keys(compose.volumes).sort()).toEqual(["appdata", "pgdata"]);
    expect(app.read_only).toBe(true);
    expect(app.tmpfs).toEqual(expect.arrayContaining(["/tmp", "/app/.next/cache"]));
    expect(app.cap_drop).toEqual(["ALL"]);
  });

  it("gives the app a memory limit, so Node sizes its heap from the container rather than the host", () => {
    expect(app.mem_limit).toMatch(/^\$\{CLUSTERDECK_MEMORY_LIMIT:-\d+[mg]\}$/);
  });

  it("takes secrets from the env file, never literally", () => {
    expect(app.env_file).toEqual([".env"]);
    for (const svc of Object.values(compose.services)) {
      for (const [k, v] of Object.entries((svc.environment ?? {}) as Record<string, string>)) {
        if (SECRET_NAMES.test(k)) expect(v, k).toMatch(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/);
      }
    }
    const example = read("deploy/compose.env.example");
    for (const k of ["DATABASE_URL", "ENCRYPTION_KEY", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "POSTGRES_PASSWORD"]) expect(example).toMatch(new RegExp(`^#? ?${k}=`, "m"));
    expect(example).toMatch(/^ENCRYPTION_KEY=$/m);
    expect(read(".gitignore")).toMatch(/^\.env$/m);
  });
});

/* ---------------------------------------------------------------- the Helm chart */

type K8s = { kind: string; metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec?: Record<string, unknown>; data?: Record<string, string> };
type Container = {
  name: string;
  image: string;
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string; optional?: boolean } } }[];
  securityContext: Record<string, unknown>;
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string } };
  ports?: { name: string; containerPort: number }[];
  resources?: Record<string, unknown>;
  volumeMounts?: { mountPath: string }[];
};
type PodSpec = { containers: Container[]; securityContext: Record<string, unknown>; serviceAccountName?: string; restartPolicy?: string; automountServiceAccountToken?: boolean };

const chartDir = path.join(root, "deploy", "helm", "clusterdeck");
const REQUIRED_SECRETS = { databaseUrl: "postgresql://cd:pw@db:5432/cd", encryptionKey: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", nextauthSecret: "nextauth-secret-value" };

function manifests(values: Record<string, unknown>, opts: Omit<RenderOptions, "values" | "releaseName"> = {}) {
  const r = renderChart(chartDir, { ...opts, values, releaseName: "cd" });
  const docs = r.manifests.map((m) => m.doc as unknown as K8s);
  const one = (kind: string) => {
    const found = docs.filter((d) => d.kind === kind);
    expect(found.length, kind).toBe(1);
    return found[0];
  };
  return { docs, one, files: r.files };
}

/** every rendered object matches the Kubernetes schema of its kind */
async function validateAll(docs: K8s[]) {
  expect(docs.length).toBeGreaterThan(0);
  for (const d of docs) await validateManifest(d as unknown as Record<string, unknown>);
}

function podSpec(d: K8s): PodSpec {
  return (d.spec as { template: { spec: PodSpec } }).template.spec;
}

function checkHardening(pod: PodSpec) {
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
  for (const c of pod.containers) {
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(["/tmp", "/app/.next/cache", "/data"]));
    expect(pod.automountServiceAccountToken).toBe(false);
  }
}

function secretRefs(c: Container) {
  return Object.fromEntries(c.env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom!.secretKeyRef]));
}

describe("Helm chart", () => {
  it("pure defaults refuse to render without the required secrets (clear message)", () => {
    expect(() => renderChart(chartDir)).toThrow(/secrets\.databaseUrl is required \(or set existingSecret\)/);
  });

  describe("default values (+ the required secrets)", () => {
    const { docs, one } = manifests({ secrets: REQUIRED_SECRETS });

    it("renders Deployment, Service, Secret, migration Job (with its hook ServiceAccount), PDB and ServiceAccount; no Ingress; all valid Kubernetes objects", async () => {
      expect(docs.map((d) => d.kind).sort()).toEqual(["Deployment", "Job", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount", "ServiceAccount"]);
      for (const d of docs) expect(d.metadata.name).toMatch(/^cd(-clusterdeck)?(-migrate)?$/);
      await validateAll(docs);
    });

    it("Deployment: replicas, probes, resources, hardening, service account", () => {
      const dep = one("Deployment");
      expect((dep.spec as { replicas: number }).replicas).toBe(2);
      const pod = podSpec(dep);
      checkHardening(pod);
      const c = pod.containers[0];
      expect(c.readinessProbe!.httpGet).toEqual({ path: "/api/ready", port: "http" });
      expect(c.livenessProbe!.httpGet).toEqual({ path: "/api/health", port: "http" });
      expect(c.startupProbe!.httpGet.path).toBe("/api/health");
      expect(c.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
      expect(c.resources).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
      expect(c.image).toBe("ghcr.io/clusterdeck/clusterdeck:0.1.0");
      expect(pod.serviceAccountName).toBe("cd-clusterdeck");
      expect(docs.filter((d) => d.kind === "ServiceAccount").map((d) => d.metadata.name)).toContain("cd-clusterdeck");
      const names = c.env.map((e) => e.name);
      expect(new Set(names).size, "no duplicate env vars").toBe(names.length);
      // selector matches the pod labels; the Service selects the same pods on the named port
      const sel = (dep.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      expect((dep.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels).toMatchObject(sel);
      const svc = one("Service");
      expect((svc.spec as { selector: Record<string, string> }).selector).toEqual(sel);
      expect((svc.spec as { ports: { targetPort: string }[] }).ports[0].targetPort).toBe("http");
      const pdb = one("PodDisruptionBudget");
      expect((pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels).toEqual(sel);
    });

    it("secrets come from the chart's Secret by reference, never as literal values", () => {
      const secret = one("Secret");
      const dep = one("Deployment");
      const refs = secretRefs(podSpec(dep).containers[0]);
      for (const k of ["DATABASE_URL", "ENCRYPTION_KEY", "NEXTAUTH_SECRET"]) {
        expect(refs[k]).toEqual({ name: secret.metadata.name, key: k });
        expect(Buffer.from(secret.data![k], "base64").toString()).toBe(
          { DATABASE_URL: REQUIRED_SECRETS.databaseUrl, ENCRYPTION_KEY: REQUIRED_SECRETS.encryptionKey, NEXTAUTH_SECRET: REQUIRED_SECRETS.nextauthSecret }[k],
        );
      }
      for (const k of ["ENCRYPTION_KEYS_OLD", "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "METRICS_TOKEN"]) expect(refs[k]).toMatchObject({ key: k, optional: true });
      for (const e of podSpec(dep).containers[0].env) if (SECRET_NAMES.test(e.name) && e.name !== "OIDC_GROUPS_CLAIM") expect(e.value, e.name).toBeUndefined();
      expect(Object.keys(secret.data!).sort()).toEqual(["DATABASE_URL", "ENCRYPTION_KEY", "NEXTAUTH_SECRET"]);
    });

    it("migration Job: upgrade/install hook, same image, CLUSTERDECK_MIGRATE_ONLY=1; the Secret is a kept release resource, not a hook", () => {
      const job = one("Job");
      const secret = one("Secret");
      expect(job.metadata.annotations).toMatchObject({ "helm.sh/hook": "post-install,pre-upgrade", "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded" });
      // a hook Secret is deleted and recreated on every upgrade (before-hook-creation is Helm's default
      // hook delete policy), so resource-policy: keep would not protect the encryption key
      expect(secret.metadata.annotations).toEqual({ "helm.sh/resource-policy": "keep" });
      const pod = podSpec(job);
      checkHardening(pod);
      expect(pod.restartPolicy).toBe("Never");
      const c = pod.containers[0];
      expect(c.image).toBe(podSpec(one("Deployment")).containers[0].image);
      expect(c.env.find((e) => e.name === "CLUSTERDECK_MIGRATE_ONLY")?.value).toBe("1");
      expect(c.env.find((e) => e.name === "WORKER_ENABLED")?.value).toBe("false");
      expect(secretRefs(c).DATABASE_URL).toEqual({ name: secret.metadata.name, key: "DATABASE_URL" });
      expect((job.spec as { backoffLimit: number }).backoffLimit).toBeGreaterThanOrEqual(0);
    });

    it("the Job's deadline fits in Helm's default 5-minute hook timeout", () => {
      const deadline = (one("Job").spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds;
      expect(deadline).toBeGreaterThan(0);
      expect(deadline).toBeLessThanOrEqual(300);
    });

    it("the Job's pods carry none of the selectors of the Deployment, Service and PodDisruptionBudget", () => {
      const labels = (one("Job").spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
      const selects = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
      expect(selects((one("Deployment").spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels)).toBe(false);
      expect(selects((one("Service").spec as { selector: Record<string, string> }).selector)).toBe(false);
      expect(selects((one("PodDisruptionBudget").spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels)).toBe(false);
      expect(labels).toMatchObject({ "app.kubernetes.io/instance": "cd", "app.kubernetes.io/component": "migrate" });
    });
  });

  describe("ingress + existingSecret", () => {
    const { docs, one } = manifests({
      existingSecret: "my-clusterdeck",
      replicaCount: 3,
      image: { tag: "1.2.3" },
      ingress: { enabled: true, className: "nginx", annotations: { "cert-manager.io/cluster-issuer": "le" }, hosts: [{ host: "cd.example.com", paths: [{ path: "/", pathType: "Prefix" }] }], tls: [{ secretName: "cd-tls", hosts: ["cd.example.com"] }] },
      config: { nextauthUrl: "https://cd.example.com" },
    });

    it("creates no Secret and points every secret reference at the existing one", async () => {
      expect(docs.map((d) => d.kind).sort()).toEqual(["Deployment", "Ingress", "Job", "PodDisruptionBudget", "Service", "ServiceAccount", "ServiceAccount"]);
      await validateAll(docs);
      for (const kind of ["Deployment", "Job"]) {
        const refs = Object.values(secretRefs(podSpec(one(kind)).containers[0]));
        expect(refs.length).toBeGreaterThanOrEqual(3);
        for (const r of refs) expect(r.name).toBe("my-clusterdeck");
      }
      const env = podSpec(one("Deployment")).containers[0].env;
      expect(env.find((e) => e.name === "NEXTAUTH_URL")?.value).toBe("https://cd.example.com");
      expect(podSpec(one("Deployment")).containers[0].image).toBe("ghcr.io/clusterdeck/clusterdeck:1.2.3");
      expect((one("Deployment").spec as { replicas: number }).replicas).toBe(3);
    });

    it("the Ingress routes the host to the Service's http port with TLS", () => {
      const ing = one("Ingress");
      const svc = one("Service");
      const spec = ing.spec as { ingressClassName: string; tls: { secretName: string }[]; rules: { host: string; http: { paths: { path: string; backend: { service: { name: string; port: { name: string } } } }[] } }[] };
      expect(spec.ingressClassName).toBe("nginx");
      expect(spec.tls[0].secretName).toBe("cd-tls");
      expect(spec.rules[0].host).toBe("cd.example.com");
      expect(spec.rules[0].http.paths[0].backend.service).toEqual({ name: svc.metadata.name, port: { name: "http" } });
      expect(ing.metadata.annotations).toEqual({ "cert-manager.io/cluster-issuer": "le" });
    });
  });

  it("one replica renders no PodDisruptionBudget; migrations can be turned off", () => {
    const { docs } = manifests({ secrets: REQUIRED_SECRETS, replicaCount: 1, migrations: { enabled: false } });
    expect(docs.map((d) => d.kind)).not.toContain("PodDisruptionBudget");
    expect(docs.map((d) => d.kind)).not.toContain("Job");
  });

  it("several replicas: the Deployment runs them, the PDB keeps one, all objects valid", async () => {
    const { docs, one } = manifests({ secrets: REQUIRED_SECRETS, replicaCount: 5, podDisruptionBudget: { enabled: true, maxUnavailable: 2 } });
    expect((one("Deployment").spec as { replicas: number }).replicas).toBe(5);
    expect((one("PodDisruptionBudget").spec as { maxUnavailable: number }).maxUnavailable).toBe(2);
    await validateAll(docs);
  });

  describe("values the real engine sees as numbers", () => {
    const image = (r: ReturnType<typeof manifests>) => podSpec(r.one("Deployment")).containers[0].image;
    const env = (r: ReturnType<typeof manifests>, name: string) => podSpec(r.one("Deployment")).containers[0].env.find((e) => e.name === name)?.value;

    it("a numeric image.tag (unquoted YAML, --set image.tag=42) is the tag, not %!s(float64=…)", async () => {
      const fromYaml = manifests({ secrets: REQUIRED_SECRETS, image: { tag: 42 } });
      expect(image(fromYaml)).toBe("ghcr.io/clusterdeck/clusterdeck:42");
      expect(image(manifests({ secrets: REQUIRED_SECRETS, image: { tag: 1.5 } }))).toBe("ghcr.io/clusterdeck/clusterdeck:1.5");
      const fromSet = manifests({ secrets: REQUIRED_SECRETS }, { set: ["image.tag=42"] });
      expect(image(fromSet)).toBe("ghcr.io/clusterdeck/clusterdeck:42");
      expect(podSpec(fromSet.one("Job")).containers[0].image).toBe("ghcr.io/clusterdeck/clusterdeck:42");
      await validateAll(fromSet.docs);
    });

    it("syncIntervalSeconds of a million or more is an integer, not 1e+06", () => {
      expect(env(manifests({ secrets: REQUIRED_SECRETS, config: { syncIntervalSeconds: 1_000_000 } }), "SYNC_INTERVAL_SECONDS")).toBe("1000000");
      expect(env(manifests({ secrets: REQUIRED_SECRETS, config: { syncIntervalSeconds: 12_345_678 } }), "SYNC_INTERVAL_SECONDS")).toBe("12345678");
    });

    it("numeric secrets: an unquoted YAML number is refused clearly (it would be written as 1.23456789e+08); --set integers are exact", () => {
      expect(() => manifests({ secrets: { ...REQUIRED_SECRETS, metricsToken: 123456789 } })).toThrow(/secrets\.metricsToken is a number in YAML; quote it/);
      const r = manifests({ secrets: REQUIRED_SECRETS }, { set: ["secrets.metricsToken=123456789", "replicaCount=3", "terminationGracePeriodSeconds=1000000"] });
      expect(Buffer.from(r.one("Secret").data!.METRICS_TOKEN, "base64").toString()).toBe("123456789");
      expect((r.one("Deployment").spec as { replicas: number }).replicas).toBe(3);
      expect((podSpec(r.one("Deployment")) as unknown as { terminationGracePeriodSeconds: number }).terminationGracePeriodSeconds).toBe(1_000_000);
    });
  });

  describe("the migration Job follows the pod settings", () => {
    const scheduling = {
      nodeSelector: { "kubernetes.io/os": "linux", pool: "system" },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "clusterdeck", effect: "NoSchedule" }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["system"] }] }] } } },
      podAnnotations: { "sidecar.istio.io/inject": "false" },
      podLabels: { team: "platform" },
    };

    it("nodeSelector, tolerations, affinity, pod annotations and labels", async () => {
      const r = manifests({ secrets: REQUIRED_SECRETS, ...scheduling });
      const job = r.one("Job");
      const pod = podSpec(job) as unknown as Record<string, unknown>;
      expect(pod.nodeSelector).toEqual(scheduling.nodeSelector);
      expect(pod.tolerations).toEqual(scheduling.tolerations);
      expect(pod.affinity).toEqual(scheduling.affinity);
      const meta = (job.spec as { template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> } } }).template.metadata;
      expect(meta.annotations).toMatchObject(scheduling.podAnnotations);
      expect(meta.labels).toMatchObject(scheduling.podLabels);
      await validateAll(r.docs);
    });

    it("the configured ServiceAccount; a hook ServiceAccount with the same annotations when the chart creates its own", () => {
      const existing = manifests({ secrets: REQUIRED_SECRETS, serviceAccount: { create: false, name: "clusterdeck-irsa" } });
      expect(podSpec(existing.one("Job")).serviceAccountName).toBe("clusterdeck-irsa");
      expect(podSpec(existing.one("Deployment")).serviceAccountName).toBe("clusterdeck-irsa");
      expect(existing.docs.filter((d) => d.kind === "ServiceAccount")).toEqual([]);

      const created = manifests({ secrets: REQUIRED_SECRETS, serviceAccount: { create: true, name: "cd-sa", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/cd" } } });
      const jobSa = podSpec(created.one("Job")).serviceAccountName!;
      const hookSa = created.docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name === jobSa)!;
      expect(hookSa, "the Job's ServiceAccount is rendered").toBeDefined();
      expect(hookSa.metadata.annotations).toMatchObject({ "helm.sh/hook": "post-install,pre-upgrade", "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/cd" });
      expect(Number(hookSa.metadata.annotations!["helm.sh/hook-weight"])).toBeLessThan(Number(created.one("Job").metadata.annotations!["helm.sh/hook-weight"]));
      expect(podSpec(created.one("Deployment")).serviceAccountName).toBe("cd-sa");
    });

    it("a deadline longer than the hook timeout is refused with a clear message", () => {
      expect(() => manifests({ secrets: REQUIRED_SECRETS, migrations: { activeDeadlineSeconds: 600 } })).toThrow(/activeDeadlineSeconds \(600\) must not exceed migrations\.hookTimeoutSeconds \(300\)/);
      const longer = manifests({ secrets: REQUIRED_SECRETS, migrations: { activeDeadlineSeconds: 600, hookTimeoutSeconds: 900 } });
      expect((longer.one("Job").spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds).toBe(600);
    });
  });

  describe("the encryption key is protected", () => {
    const existingSecret = (key: string) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "cd-clusterdeck", namespace: "default", annotations: { "helm.sh/resource-policy": "keep" } },
      data: { ENCRYPTION_KEY: Buffer.from(key).toString("base64") },
    });

    it("a reinstall or upgrade with another key than the kept Secret's is refused; the same key renders", () => {
      expect(() => manifests({ secrets: { ...REQUIRED_SECRETS, encryptionKey: "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=" } }, { cluster: [existingSecret(REQUIRED_SECRETS.encryptionKey)] })).toThrow(
        /secrets\.encryptionKey differs from ENCRYPTION_KEY in the existing Secret cd-clusterdeck/,
      );
      const same = manifests({ secrets: REQUIRED_SECRETS }, { cluster: [existingSecret(REQUIRED_SECRETS.encryptionKey)], upgrade: true });
      expect(Buffer.from(same.one("Secret").data!.ENCRYPTION_KEY, "base64").toString()).toBe(REQUIRED_SECRETS.encryptionKey);
      // a Secret of another release or namespace does not count
      const elsewhere = { ...existingSecret("other"), metadata: { name: "cd-clusterdeck", namespace: "elsewhere" } };
      expect(() => manifests({ secrets: REQUIRED_SECRETS }, { cluster: [elsewhere] })).not.toThrow();
    });
  });

  it("values.yaml documents its settings", () => {
    const text = readFileSync(path.join(chartDir, "values.yaml"), "utf8");
    const values = yaml.load(text) as Record<string, unknown>;
    for (const k of ["replicaCount", "image", "existingSecret", "secrets", "config", "migrations", "ingress", "resources", "podSecurityContext", "securityContext", "probes", "podDisruptionBudget", "serviceAccount"]) {
      expect(values, k).toHaveProperty(k);
      const at = text.indexOf(`\n${k}:`);
      expect(at, `${k} at top level`).toBeGreaterThan(0);
    }
    expect((text.match(/^\s*#/gm) ?? []).length).toBeGreaterThan(30);
  });
});
