// Decides whether the production build in .next matches the source tree (used by `npm start`).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "simulators", "prisma", "public", "instrumentation.ts", "middleware.ts", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "scripts/precompress.mjs"];
const SKIP = new Set(["node_modules", ".next", "generated", "data"]);

function walk(p, out) {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!SKIP.has(name) && !name.endsWith(".test.ts")) walk(path.join(p, name), out);
  } else out.push(p);
}

export function sourceHash(root = process.cwd()) {
  const files = [];
  for (const i of INPUTS) walk(path.join(root, i), files);
  const h = createHash("sha256");
  for (const f of files) {
    h.update(path.relative(root, f));
    h.update(readFileSync(f));
  }
  return h.digest("hex");
}

export const STAMP = ".next/clusterdeck-build.json";

export function buildIsCurrent(root = process.cwd()) {
  const stamp = path.join(root, STAMP);
  if (!existsSync(stamp) || !existsSync(path.join(root, ".next/BUILD_ID"))) return false;
  try {
    return JSON.parse(readFileSync(stamp, "utf8")).hash === sourceHash(root);
  } catch {
    return false;
  }
}

/**
 * The phase `npm start`'s progress line names, from a chunk of `npm run build`'s output and the phase
 * so far. Each phase is recognised by a line its own step prints at the start of a line; npm's echo of
 * the whole build script (`> node scripts/prisma-generate.mjs && next build && … assemble-standalone.mjs`)
 * names every step and must not move the phase.
 */
export function buildPhase(text, phase) {
  if (/^\s*(?:[✓○]\s*)?Running TypeScript/m.test(text)) phase = "type checking";
  if (/^\s*(?:[✓○]\s*)?(?:Collecting page data|Generating static pages)/m.test(text)) phase = "generating pages";
  if (/^precompress: /m.test(text)) phase = "assembling the server";
  return phase;
}
