/**
 * The production server's Brotli layer (scripts/server.mjs) and the build step that feeds it
 * (scripts/precompress.mjs), over real HTTP: a temp "static" folder precompressed by the real step, the
 * layer in front of a stand-in for Next's handler (it answers every request it gets with a marker, so a
 * response tells which side answered). The same layer in front of Next itself is checked end to end in
 * e2e/smoke.spec.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT, precompress } from "./precompress.mjs";
import { acceptsBrotli, brotliStatic, IMMUTABLE } from "./server.mjs";

let root: string;
let staticDir: string;
let base: string;
const script = `${"export const answer = () => 'clusterdeck';\n".repeat(200)}`;
const style = `${".cd-card { color: #123456; margin: 0 auto; }\n".repeat(100)}`;
const rules = [{ source: "/:path*", regex: "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];

/** a raw request (no client-side decoding or path normalisation), body as bytes */
function get(urlPath: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${base}/`, { method, headers, path: urlPath }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "clusterdeck-brotli-"));
  staticDir = path.join(root, "static");
  mkdirSync(path.join(staticDir, "chunks"), { recursive: true });
  mkdirSync(path.join(staticDir, "media"), { recursive: true });
  writeFileSync(path.join(staticDir, "chunks", "app-0abc.js"), script);
  writeFileSync(path.join(staticDir, "chunks", "styles-1def.css"), style);
  writeFileSync(path.join(staticDir, "chunks", "tiny-2aaa.js"), "x"); // Brotli is not smaller: no .br
  writeFileSync(path.join(staticDir, "chunks", "notes.txt"), "not a script ".repeat(50)); // not a served type
  writeFileSync(path.join(staticDir, "media", "font-3bbb.woff2"), Buffer.alloc(64, 7));
  writeFileSync(path.join(root, "secret.js"), script); // outside the static folder
  writeFileSync(path.join(root, "secret.js.br"), readFileSync(path.join(root, "secret.js")));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("precompress (the build step)", () => {
  it("writes a smaller .br beside scripts and stylesheets only, none where Brotli is not smaller", () => {
    const r = precompress(staticDir);
    expect(r.files).toBe(2);
    expect(r.skipped).toBe(1);
    for (const f of ["chunks/app-0abc.js", "chunks/styles-1def.css"]) {
      const raw = readFileSync(path.join(staticDir, f));
      const br = readFileSync(path.join(staticDir, `${f}.br`));
      expect(br.length).toBeLessThan(raw.length);
      expect(brotliDecompressSync(br).equals(raw)).toBe(true);
    }
    expect(existsSync(path.join(staticDir, "chunks/tiny-2aaa.js.br"))).toBe(false);
    expect(existsSync(path.join(staticDir, "chunks/notes.txt.br"))).toBe(false);
    expect(existsSync(path.join(staticDir, "media/font-3bbb.woff2.br"))).toBe(false);
    // again (a second build step over the same folder): the .br files are not compressed themselves
    expect(precompress(staticDir).files).toBe(2);
    expect(existsSync(path.join(staticDir, "chunks/app-0abc.js.br.br"))).toBe(false);
  });
});

describe("compile hints (the build step before precompress)", () => {
  it("opens each script, and only scripts, with V8's compile hint, once", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "clusterdeck-hints-"));
    try {
      mkdirSync(path.join(dir, "chunks"), { recursive: true });
      writeFileSync(path.join(dir, "chunks", "app-0abc.js"), script);
      writeFileSync(path.join(dir, "chunks", "styles-1def.css"), style);
      expect(COMPILE_HINT).toBe("//# allFunctionsCalledOnLoad\n");
      expect(addCompileHints(dir)).toBe(1);
      expect(readFileSync(path.join(dir, "chunks", "app-0abc.js"), "utf8")).toBe(COMPILE_HINT + script);
      expect(readFileSync(path.join(dir, "chunks", "styles-1def.css"), "utf8")).toBe(style);
      // a second build step over the same folder changes nothing
      expect(addCompileHints(dir)).toBe(0);
      expect(readFileSync(path.join(dir, "chunks", "app-0abc.js"), "utf8")).toBe(COMPILE_HINT + script);
      // the Brotli copy is of the hinted script
      precompress(dir);
      expect(brotliDecompressSync(readFileSync(path.join(dir, "chunks", "app-0abc.js.br"))).toString()).toBe(COMPILE_HINT + script);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the Brotli layer (files known at start)", () => {
  let layerServer: http.Server;
  beforeAll(async () => {
    precompress(staticDir); // the build step (idempotent); the layer walks the folder when created
    const layer = brotliStatic({ staticDir, headerRules: rules });
    expect(layer.size).toBe(2);
    layerServer = http.createServer((req, res) => {
      if (layer(req, res)) return;
      res.writeHead(200, { "x-answered-by": "next", "content-type": "text/plain" });
      res.end(`next:${req.method}:${req.url}`);
    });
    await new Promise<void>((r) => layerServer.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(layerServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => layerServer.close(r));
  });

  it("a browser that accepts br gets the Brotli bytes of the file, with Next's static headers", async () => {
    const r = await get("/_next/static/chunks/app-0abc.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(r.status).toBe(200);
    expect(r.headers["x-answered-by"]).toBeUndefined();
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["content-type"]).toBe("application/javascript; charset=UTF-8");
    expect(r.headers.vary).toBe("Accept-Encoding");
    expect(r.headers["cache-control"]).toBe(IMMUTABLE);
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(r.headers["x-content-type-options"]).toBe("nosniff"); // next.config headers() rules
    expect(Number(r.headers["content-length"])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(script.length);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);

    const css = await get("/_next/static/chunks/styles-1def.css?dpl=abc", { "accept-encoding": "br" });
    expect(css.headers["content-encoding"]).toBe("br");
    expect(css.headers["content-type"]).toBe("text/css; charset=UTF-8");
    expect(brotliDecompressSync(css.body).toString()).toBe(style);
  });

  it("HEAD: the same headers, no body", async () => {
    const r = await get("/_next/static/chunks/app-0abc.js", { "accept-encoding": "br" }, "HEAD");
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(Number(r.headers["content-length"])).toBe(readFileSync(path.join(staticDir, "chunks/app-0abc.js.br")).length);
    expect(r.body.length).toBe(0);
  });

  it("no br for clients that refuse it or do not say: Next answers", async () => {
    for (const ae of [undefined, "", "gzip, deflate", "br;q=0", "gzip, br;q=0", "BR;Q=0", "*;q=0", "identity"]) {
      const r = await get("/_next/static/chunks/app-0abc.js", ae === undefined ? {} : { "accept-encoding": ae });
      expect(r.headers["x-answered-by"], `accept-encoding: ${ae}`).toBe("next");
      expect(r.headers["content-encoding"]).toBeUndefined();
    }
    for (const ae of ["*", "br;q=0.1", "gzip;q=1, br;q=0.5", "Br"]) {
      expect((await get("/_next/static/chunks/app-0abc.js", { "accept-encoding": ae })).headers["content-encoding"], `accept-encoding: ${ae}`).toBe("br");
    }
  });

  it("only GET and HEAD", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      const r = await get("/_next/static/chunks/app-0abc.js", { "accept-encoding": "br" }, method);
      expect(r.headers["x-answered-by"], method).toBe("next");
    }
  });

  it("files without a .br copy, unknown paths, traversal and encoded paths fall through to Next", async () => {
    for (const p of [
      "/_next/static/chunks/tiny-2aaa.js", // no .br: Brotli was not smaller
      "/_next/static/chunks/notes.txt",
      "/_next/static/media/font-3bbb.woff2",
      "/_next/static/chunks/app-0abc.js.br", // the .br file itself is not a URL of its own here
      "/_next/static/chunks/missing.js",
      "/_next/static/chunks/../../secret.js",
      "/_next/static/../secret.js",
      "/_next/static/chunks%2Fapp-0abc.js",
      "/_next/static/chunks/app-0abc%2Ejs",
      "/_next/static/chunks/%2e%2e/%2e%2e/secret.js",
      "/_next/static//chunks/app-0abc.js",
      "/_next/static/chunks/app-0abc.js/",
      "/_NEXT/static/chunks/app-0abc.js",
      "/chunks/app-0abc.js",
      "/secret.js",
    ]) {
      const r = await get(p, { "accept-encoding": "br" });
      expect(r.headers["x-answered-by"], p).toBe("next");
      expect(r.body.toString(), p).toBe(`next:GET:${p}`);
    }
  });

  it("pages and API routes are untouched", async () => {
    for (const p of ["/", "/clusters", "/api/health", "/_next/image?url=%2Ffoo.png&w=64&q=75"]) {
      const r = await get(p, { "accept-encoding": "br" });
      expect(r.headers["x-answered-by"], p).toBe("next");
    }
  });

  it("a header rule with has/missing conditions leaves the file to Next", async () => {
    const conditional = brotliStatic({ staticDir, headerRules: [{ ...rules[0], has: [{ type: "header", key: "x-a" }] }] });
    expect(conditional.size).toBe(0);
  });
});

describe("acceptsBrotli", () => {
  it("follows q-values (q=0 is a refusal) and *", () => {
    expect(acceptsBrotli("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsBrotli("br;q=0.001")).toBe(true);
    expect(acceptsBrotli("*")).toBe(true);
    expect(acceptsBrotli("br;q=0")).toBe(false);
    expect(acceptsBrotli("br;q=0.000")).toBe(false);
    expect(acceptsBrotli("*, br;q=0")).toBe(false);
    expect(acceptsBrotli("gzip")).toBe(false);
    expect(acceptsBrotli("brotli")).toBe(false);
    expect(acceptsBrotli(undefined)).toBe(false);
  });
});
