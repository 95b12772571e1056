/**
 * Renders the Helm chart with the real engine — Go's text/template with the Sprig functions, as Helm
 * does — through the small Go program in deploy/helm-render (built offline from Debian's Go packages,
 * see scripts/setup-test-machine.sh). The binary is built once per source version and Go version and
 * cached under node_modules/.cache/clusterdeck/.
 *
 *   const { manifests } = renderChart(chartDir, { releaseName: "cd", values: { replicaCount: 3 }, set: ["image.tag=42"] });
 *
 * `values` are written to a values file (-f) exactly as a user's values.yaml would be read (numbers
 * become float64 in Go); `set` / `setString` are `--set` / `--set-string` expressions.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as yaml from "js-yaml";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const SOURCE_DIR = path.join(root, "deploy", "helm-render");
/** Debian's packaged Go libraries (golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev) */
const DEBIAN_GOPATH = "/usr/share/gocode";

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  values?: Record<string, unknown>;
  set?: string[];
  setString?: string[];
  upgrade?: boolean;
  /** objects already in the cluster, for the chart's `lookup` calls (default: none, as `helm template`) */
  cluster?: Record<string, unknown>[];
}

export interface RenderedManifest {
  /** e.g. clusterdeck/templates/deployment.yaml */
  source: string;
  doc: Record<string, unknown>;
}

export interface RenderedChart {
  /** rendered text per template file (non-empty ones) */
  files: Record<string, string>;
  manifests: RenderedManifest[];
  notes: string;
}

export class ChartRenderError extends Error {}

let built: string | null = null;

/** Path of the renderer binary; builds it when this source version has not been built yet. */
export function rendererBinary(): string {
  if (built && existsSync(built)) return built;
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.status !== 0) throw new Error("the Go toolchain is missing: run scripts/setup-test-machine.sh (installs golang-go and the Sprig and YAML libraries from Debian)");
  const hash = createHash("sha256").update(go.stdout);
  hash.update(readFileSync(path.join(SOURCE_DIR, "main.go")));
  const cacheDir = path.join(root, "node_modules", ".cache", "clusterdeck");
  const bin = path.join(cacheDir, `helm-render-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(bin)) {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${bin}.${process.pid}.tmp`;
    // GOPATH mode: no module download, only the packages Debian installed (offline)
    execFileSync("go", ["build", "-o", tmp, "."], {
      cwd: SOURCE_DIR,
      env: { ...process.env, GO111MODULE: "off", GOPATH: DEBIAN_GOPATH, GOFLAGS: "", GOPROXY: "off", GOCACHE: path.join(cacheDir, "go-build") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    renameSync(tmp, bin); // atomic: parallel test workers never run a half-written binary
  }
  built = bin;
  return bin;
}

/** Renders `chartDir` like `helm template`; throws ChartRenderError with Helm's message on failure. */
export function renderChart(chartDir: string, opts: RenderOptions = {}): RenderedChart {
  const bin = rendererBinary();
  const args = ["--json", "--name", opts.releaseName ?? "release-name", "--namespace", opts.namespace ?? "default"];
  if (opts.upgrade) args.push("--upgrade");
  let tmpDir: string | null = null;
  const tmpFile = (name: string, content: unknown) => {
    tmpDir ??= mkdtempSync(path.join(os.tmpdir(), "helm-render-"));
    const file = path.join(tmpDir, name);
    writeFileSync(file, yaml.dump(content));
    return file;
  };
  if (opts.values) args.push("-f", tmpFile("values.yaml", opts.values));
  if (opts.cluster) args.push("--lookup", tmpFile("cluster.yaml", opts.cluster));
  for (const s of opts.set ?? []) args.push("--set", s);
  for (const s of opts.setString ?? []) args.push("--set-string", s);
  args.push(chartDir);
  try {
    const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new ChartRenderError((r.stderr || r.error?.message || `exit ${r.status}`).trim());
    const out = JSON.parse(r.stdout) as { manifests: { source: string; content: string }[] | null; notes: string };
    const files: Record<string, string> = {};
    const manifests: RenderedManifest[] = [];
    for (const m of out.manifests ?? []) {
      files[m.source] = m.content;
      for (const doc of yaml.loadAll(m.content)) if (doc) manifests.push({ source: m.source, doc: doc as Record<string, unknown> });
    }
    return { files, manifests, notes: out.notes };
  } finally {
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  }
}
