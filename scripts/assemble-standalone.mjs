// After `next build` (and scripts/precompress.mjs): completes .next/standalone into the deployable app
// folder (what the Dockerfile copies and what the PostgreSQL end-to-end project runs): static assets
// with their Brotli copies, public files, migrations, the server (scripts/server.mjs bundled into
// server.mjs, in place of Next's generated server.js) and the admin command line bundled into one file
// (`node admin.mjs <command>`, no tsx or source tree).
// Fails when the output lacks what the server needs at run time.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, ".next", "standalone");
const fail = (msg) => {
  console.error(`assemble-standalone: ${msg}`);
  process.exit(1);
};

if (!existsSync(path.join(out, "server.js"))) fail(".next/standalone/server.js is missing: run next build with output: \"standalone\" first");
for (const [pkg, pattern] of [
  ["@prisma/schema-engine-wasm", /\.wasm$/],
  ["@electric-sql/pglite/dist", /\.wasm$/],
]) {
  const dir = path.join(out, "node_modules", pkg);
  if (!existsSync(dir) || !readdirSync(dir).some((f) => pattern.test(f))) fail(`${pkg} has no ${pattern} in the standalone output (see outputFileTracingIncludes in next.config.mjs)`);
}

cpSync(path.join(root, ".next", "static"), path.join(out, ".next", "static"), { recursive: true });
if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), path.join(out, "public"), { recursive: true });
rmSync(path.join(out, "prisma"), { recursive: true, force: true });
mkdirSync(path.join(out, "prisma"), { recursive: true });
cpSync(path.join(root, "prisma", "migrations"), path.join(out, "prisma", "migrations"), { recursive: true });
cpSync(path.join(root, "prisma", "schema.prisma"), path.join(out, "prisma", "schema.prisma"));
for (const f of readdirSync(out)) if (f.startsWith(".env") || f === "data") rmSync(path.join(out, f), { recursive: true, force: true });
rmSync(path.join(out, ".next", "cache"), { recursive: true, force: true });
// the tracer over-includes a chart template (a dynamic path in start-up code); nothing runs it
rmSync(path.join(out, "deploy"), { recursive: true, force: true });

// the packages the server loads from node_modules are traced into the output; the CLI uses the same ones
const { default: nextConfig } = await import(pathToFileURL(path.join(root, "next.config.mjs")).href);
const external = nextConfig.serverExternalPackages;
for (const pkg of external) if (!existsSync(path.join(out, "node_modules", pkg))) fail(`${pkg} is not in the standalone output`);
/** one file for Node 20+ with its imports bundled, beside the server's traced node_modules */
const bundle = (entry, file, options) =>
  build({ entryPoints: [path.join(root, "scripts", entry)], outfile: path.join(out, file), bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning", legalComments: "none", ...options });
await bundle("admin.ts", "admin.mjs", {
  tsconfig: path.join(root, "tsconfig.json"),
  external,
  define: { "process.env.CLUSTERDECK_ADMIN_INVOKE": JSON.stringify("node admin.mjs") },
  // CommonJS dependencies inside an ES module bundle still call require() and use __dirname
  banner: {
    js: [
      'import { createRequire as __cdRequire } from "node:module";',
      'import { fileURLToPath as __cdPath } from "node:url";',
      "const require = __cdRequire(import.meta.url);",
      "const __filename = __cdPath(import.meta.url);",
      'const __dirname = __cdPath(new URL(".", import.meta.url));',
    ].join("\n"),
  },
});
// the server: scripts/server.mjs with its own imports bundled (next stays the traced package); Next's
// generated server.js (no Brotli) goes, so that nothing starts the folder without it
await bundle("server.mjs", "server.mjs", {
  external: ["next"],
  banner: { js: 'import { createRequire as __cdRequire } from "node:module";\nconst require = __cdRequire(import.meta.url);' },
});
rmSync(path.join(out, "server.js"), { force: true });
if (!readdirSync(path.join(out, ".next", "static"), { recursive: true }).some((f) => String(f).endsWith(".js.br"))) fail(".next/static has no .br files: run scripts/precompress.mjs after next build");
console.log(`assemble-standalone: ${path.relative(root, out)} is ready (node server.mjs; node admin.mjs <command>)`);
