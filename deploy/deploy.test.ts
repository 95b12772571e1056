/**
 * The deployment files cannot be built or installed here (no Docker engine, no Kubernetes, no helm),
 * so this checks their essentials by parsing them: the Dockerfile's stages and runtime hardening (and
 * its HEALTHCHECK command, run for real against a stub server), docker-compose.yml's services, and the
 * Helm chart rendered by deploy/helm/render.ts with default and with ingress + existingSecret values.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ChartRenderer, renderChart } from "./helm/render";

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
    expect(arg?.args).toMatch(/node:20-slim/);
    expect(stages.every((s) => s.base === "${NODE_IMAGE}")).toBe(true);
  });

  it("the build assembles the standalone folder (scripts/assemble-standalone.mjs checks the engine and PGlite files); next.config traces them", () => {
    const build = inStage("build", "RUN").map((i) => i.args).join("\n");
    expect(build).toContain(".next/standalone/server.js");
    expect(build).toContain(".next/standalone/admin.mjs");
    expect(JSON.parse(read("package.json")).scripts.build).toContain("scripts/assemble-standalone.mjs");
    const assemble = read("scripts/assemble-standalone.mjs");
    for (const s of ["@prisma/schema-engine-wasm", "@electric-sql/pglite/dist", '"prisma", "migrations"', '".next", "static"', "admin.mjs"]) expect(assemble).toContain(s);
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
    expect(inStage(runtime, "CMD")[0]?.args).toBe('["node", "server.js"]');
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

/* ---------------------------------------------------------------- the Go template subset */

describe("chart renderer (Go template subset)", () => {
  const render = (tpl: string, values: Record<string, unknown> = {}, helpers = "") => {
    const r = new ChartRenderer({ Values: values, Release: { Name: "rel" }, Chart: { Name: "c" } });
    if (helpers) r.addHelpers(helpers);
    return r.render(tpl);
  };

  it("trims whitespace around {{- -}} and handles if / else if / else", () => {
    expect(render("a\n  {{- if .Values.x }}\nX{{ else if .Values.y }}\nY{{- else }}Z{{ end -}}\n  b", { y: 1 })).toBe("a\nYb");
    expect(render("{{ if .Values.x }}x{{ else }}none{{ end }}", { x: [] })).toBe("none");
    expect(render("{{ if and .Values.a (not .Values.b) }}ok{{ end }}", { a: "1", b: 0 })).toBe("ok");
  });

  it("default, quote, required, printf, trunc/trimSuffix, b64enc, eq", () => {
    expect(render('{{ .Values.x | default "d" | quote }}', { x: "" })).toBe('"d"');
    expect(render('{{ .Values.x | default "d" }}', { x: "set" })).toBe("set");
    expect(() => render('{{ required "x is required" .Values.x }}')).toThrow("x is required");
    expect(render('{{ printf "%s-%s" .Release.Name "c" | trunc 4 | trimSuffix "-" }}')).toBe("rel");
    expect(render("{{ .Values.s | b64enc }}", { s: "hi" })).toBe("aGk=");
    expect(render('{{ if eq .Values.k "a" }}A{{ end }}', { k: "a" })).toBe("A");
  });

  it("with / range over lists and maps, variables and $", () => {
    expect(render("{{ with .Values.m }}{{ .a }}{{ else }}-{{ end }}", { m: { a: 1 } })).toBe("1");
    expect(render("{{ range .Values.l }}[{{ . }}]{{ end }}", { l: [1, 2] })).toBe("[1][2]");
    expect(render("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}", { m: { b: 2, a: 1 } })).toBe("a=1;b=2;");
    expect(render("{{ range .Values.l }}{{ $.Release.Name }}{{ end }}", { l: [1] })).toBe("rel");
    expect(render("{{- $n := .Values.n -}}{{ $n }}", { n: "v" })).toBe("v");
  });

  it("include + toYaml | nindent renders sorted YAML blocks", () => {
    const out = render('x:\n  {{- include "h" . | nindent 2 }}', { r: { b: 1, a: [1] } }, '{{- define "h" -}}{{ toYaml .Values.r }}{{- end -}}');
    expect(out).toBe("x:\n  a:\n    - 1\n  b: 1");
    expect(() => render("{{ frobnicate 1 }}")).toThrow(/unsupported template function/);
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

function manifests(values: Record<string, unknown>) {
  const r = renderChart(chartDir, { values, releaseName: "cd" });
  const docs = r.manifests.map((m) => m.doc as unknown as K8s);
  const one = (kind: string) => {
    const found = docs.filter((d) => d.kind === kind);
    expect(found.length, kind).toBe(1);
    return found[0];
  };
  return { docs, one, files: r.files };
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

    it("renders Deployment, Service, Secret, migration Job, PDB and ServiceAccount; no Ingress", () => {
      expect(docs.map((d) => d.kind).sort()).toEqual(["Deployment", "Job", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount"]);
      for (const d of docs) expect(d.metadata.name).toMatch(/^cd(-clusterdeck)?(-migrate)?$/);
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
      expect(pod.serviceAccountName).toBe(one("ServiceAccount").metadata.name);
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

    it("migration Job: pre-install/pre-upgrade hook after the Secret, same image, CLUSTERDECK_MIGRATE_ONLY=1", () => {
      const job = one("Job");
      const secret = one("Secret");
      expect(job.metadata.annotations).toMatchObject({ "helm.sh/hook": "pre-install,pre-upgrade", "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded" });
      expect(secret.metadata.annotations).toMatchObject({ "helm.sh/hook": "pre-install,pre-upgrade", "helm.sh/resource-policy": "keep" });
      expect(Number(secret.metadata.annotations!["helm.sh/hook-weight"])).toBeLessThan(Number(job.metadata.annotations!["helm.sh/hook-weight"]));
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
  });

  describe("ingress + existingSecret", () => {
    const { docs, one } = manifests({
      existingSecret: "my-clusterdeck",
      replicaCount: 3,
      image: { tag: "1.2.3" },
      ingress: { enabled: true, className: "nginx", annotations: { "cert-manager.io/cluster-issuer": "le" }, hosts: [{ host: "cd.example.com", paths: [{ path: "/", pathType: "Prefix" }] }], tls: [{ secretName: "cd-tls", hosts: ["cd.example.com"] }] },
      config: { nextauthUrl: "https://cd.example.com" },
    });

    it("creates no Secret and points every secret reference at the existing one", () => {
      expect(docs.map((d) => d.kind).sort()).toEqual(["Deployment", "Ingress", "Job", "PodDisruptionBudget", "Service", "ServiceAccount"]);
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
