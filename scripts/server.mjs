// Clusterdeck's production HTTP server: Next.js through its custom-server API (`next()` +
// `getRequestHandler()`), with one addition: Next's hashed static scripts and stylesheets
// (/_next/static/**.js|.css) go out Brotli-compressed to browsers that accept `br`, from the `.br`
// copies `npm run build` made once (scripts/precompress.mjs). Everything else, and every client that
// does not accept Brotli, is Next's own answer (gzip). `next start` has no Brotli option.
//
// Every production entry point runs this file: `npm start` (scripts/start.mjs), the container image
// and the standalone folder (`node server.mjs` there: scripts/assemble-standalone.mjs bundles it),
// the benchmarks and the end-to-end tests. It keeps what Next's own start-server gives: PORT,
// HOST (HOSTNAME in the standalone folder, as Next's generated server.js), KEEP_ALIVE_TIMEOUT,
// instrumentation (lib/boot via instrumentation.ts) and a graceful stop on SIGTERM/SIGINT.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import compression from "compression";
import Negotiator from "negotiator";

/** what has a Brotli copy (scripts/precompress.mjs) and is served as Brotli, with the Content-Type Next sends for it */
export const BROTLI_TYPES = {
  ".js": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
};

/** every regular file below `dir`, as paths relative to it (posix separators); symlinks are not followed */
export function walkFiles(dir) {
  const out = [];
  const visit = (rel) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(r);
      else if (e.isFile()) out.push(r);
    }
  };
  visit("");
  return out;
}

/**
 * gzip level of dynamic answers (pages, API JSON): 1, nginx's default for on-the-fly compression. Next
 * compresses at zlib's default 6 and offers no setting, so next.config.mjs switches its compression off
 * and this server compresses, with the same package (`compression`, Next bundles it). A 40 KiB page of
 * the cluster list takes 0.14 ms of CPU at level 1 against 0.33–0.42 ms at 6, for 2.4 KB instead of
 * 2.0 KB (issue 20); static scripts and styles are precompressed at the highest levels instead.
 */
export const DYNAMIC_GZIP_LEVEL = 1;

/** what Next sends for its hashed static files (next/dist/server/lib/router-server.js) */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** request paths that are safe to look up as they are (anything else falls through to Next) */
const PLAIN_PATH = /^[A-Za-z0-9._~/-]+$/;

/** true when the Accept-Encoding header accepts `br` (q > 0, `*` included), per RFC 9110 via negotiator */
export function acceptsBrotli(acceptEncoding) {
  if (!acceptEncoding) return false;
  return new Negotiator({ headers: { "accept-encoding": acceptEncoding } }).encodings(["br"]).length > 0;
}

/**
 * The Brotli layer: `(req, res) => boolean`, true when it answered. Knows only the files a walk of
 * `staticDir` found at start that have a `.br` copy (a Map from request path to bytes, held in
 * memory: a few hundred KB); a request path is never joined onto the file system.
 *
 * `headerRules` are the build's header rules (routes-manifest.json `headers`: next.config headers()):
 * those whose regex matches a static path are sent along, as Next does; a path matched by a rule with
 * `has`/`missing` conditions is left to Next.
 */
export function brotliStatic({ staticDir, basePath = "", headerRules = [] }) {
  const files = new Map();
  if (existsSync(staticDir)) {
    const found = new Set(walkFiles(staticDir));
    for (const rel of found) {
      const type = BROTLI_TYPES[path.extname(rel)];
      if (!type || !found.has(`${rel}.br`) || !PLAIN_PATH.test(rel)) continue;
      const urlPath = `${basePath}/_next/static/${rel}`;
      const rules = headerRules.filter((r) => new RegExp(r.regex).test(urlPath));
      if (rules.some((r) => r.has || r.missing)) continue;
      const body = readFileSync(path.join(staticDir, `${rel}.br`));
      const headers = {};
      for (const r of rules) for (const h of r.headers) headers[h.key] = h.value;
      Object.assign(headers, {
        "Content-Type": type,
        "Content-Encoding": "br",
        "Content-Length": String(body.length),
        Vary: "Accept-Encoding",
        "Cache-Control": IMMUTABLE,
      });
      files.set(urlPath, { body, headers });
    }
  }
  const handle = (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const file = files.get(q < 0 ? url : url.slice(0, q));
    if (!file || !acceptsBrotli(req.headers["accept-encoding"])) return false;
    res.writeHead(200, file.headers);
    res.end(req.method === "HEAD" ? undefined : file.body);
    return true;
  };
  handle.size = files.size;
  return handle;
}

/** the build's header rules and basePath (from `<dir>/.next`), for brotliStatic */
function buildFacts(dir, distDir) {
  const manifest = JSON.parse(readFileSync(path.join(dir, distDir, "routes-manifest.json"), "utf8"));
  return { basePath: manifest.basePath ?? "", headerRules: manifest.headers ?? [] };
}

/**
 * Starts the server for the app in `dir` (the source tree after `next build`, or the standalone
 * folder with `standalone: true`, which takes Next's configuration from the build as Next's
 * generated server.js does). Resolves once it listens.
 */
export async function startServer({ dir, port, hostname, keepAliveTimeout, standalone = false }) {
  process.env.NODE_ENV = "production";
  let distDir = ".next";
  if (standalone) {
    // what Next's generated standalone server.js does with the config it embeds at build time
    const { config } = JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8"));
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
    distDir = config.distDir ?? distDir;
  }
  const { default: next } = await import("next");
  const brotliLayer = brotliStatic({ staticDir: path.join(dir, distDir, "static"), ...buildFacts(dir, distDir) });

  const server = http.createServer();
  const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port, httpServer: server });
  const handle = app.getRequestHandler();
  const compress = compression({ level: DYNAMIC_GZIP_LEVEL });
  server.on("request", (req, res) => {
    try {
      if (brotliLayer(req, res)) return;
    } catch (e) {
      console.error(e);
      if (res.headersSent) return void res.destroy();
    }
    compress(req, res, () =>
      handle(req, res).catch((e) => {
        console.error(e);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end("Internal Server Error");
        } else res.destroy();
      }),
    );
  });
  if (keepAliveTimeout) server.keepAliveTimeout = keepAliveTimeout;

  installShutdown(server, app);
  await app.prepare(); // loads Next, which starts instrumentation.ts (lib/boot: database, migrations, worker)
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address();
  if (addr && typeof addr === "object") process.env.PORT = String(addr.port);
  const shown = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  console.log(`clusterdeck: listening on http://${shown}:${process.env.PORT} (${brotliLayer.size} static files with a Brotli copy)`);
  return { server, app, brotliFiles: brotliLayer.size };
}

/**
 * SIGTERM/SIGINT: stop accepting connections (idle keep-alive ones are closed), let requests in
 * flight finish, close Next. lib/boot.ts registers its own handlers once start-up is done (they stop
 * the worker and the database, then exit 0) and marks that on globalThis; then the exit is theirs.
 * Before that (a signal during start-up) this exits with 128 + the signal number, as `next start`.
 */
function installShutdown(server, app) {
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    const bootExits = globalThis.__clusterdeckShutdownHandlers === true;
    const code = signal === "SIGINT" ? 130 : 143;
    // a request that never ends (or a hung part of lib/boot's stop) must not keep the process alive
    setTimeout(() => process.exit(code), 25_000).unref();
    await new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await app.close().catch((e) => console.error(e));
    if (!bootExits) process.exit(code);
  };
  for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => void stop(sig));
}

/** positive whole milliseconds from KEEP_ALIVE_TIMEOUT, else undefined (as Next's generated server.js) */
function keepAliveFromEnv() {
  const n = parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // in the standalone folder this file sits beside .next/ (bundled by scripts/assemble-standalone.mjs);
  // in the source tree it is scripts/server.mjs
  const standalone = existsSync(path.join(here, ".next", "required-server-files.json"));
  const dir = standalone ? here : path.resolve(here, "..");
  process.chdir(dir);
  const port = parseInt(process.env.PORT ?? "", 10);
  startServer({
    dir,
    standalone,
    port: Number.isFinite(port) && port >= 0 ? port : 3000,
    // the standalone folder follows Next's generated server.js (HOSTNAME, default 0.0.0.0); the
    // source tree follows `next start -H` as scripts/start.mjs passed it (HOST, default: every interface)
    hostname: standalone ? process.env.HOSTNAME || "0.0.0.0" : process.env.HOST || undefined,
    keepAliveTimeout: keepAliveFromEnv(),
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

