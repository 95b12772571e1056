// `npm run build`, after `next build`: marks each of Next's static scripts for eager compilation (V8's
// explicit compile hint, below), then writes a Brotli copy (quality 11, Node's zlib) beside each of
// Next's hashed static scripts and stylesheets in .next/static (`x.js` → `x.js.br`), once per build,
// for scripts/server.mjs to send to browsers that accept `br`. A file whose Brotli copy would not be
// smaller gets none (the server then lets Next answer with gzip).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { BROTLI_TYPES, walkFiles } from "./server.mjs";

/**
 * V8's explicit compile hint ("allFunctionsCalledOnLoad", Chrome 136+; other browsers read a comment):
 * opening a script, it has V8 compile all of the script's functions with the script itself, which
 * Chrome does off the main thread while the script downloads (script streaming). Without it V8 compiles
 * each function on its first call, on the main thread: the Turbopack runtime's module factories (React's
 * and Next's modules are each one large function) were the largest single item of a page's start-up, a
 * quarter of its main-thread script time at Lighthouse's 4× slowdown (issue 20; docs/operations.md).
 */
export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

/** Opens every .js file below `dir` with COMPILE_HINT (once: a file that has it is left alone). Returns how many it changed. */
export function addCompileHints(dir) {
  let files = 0;
  for (const rel of walkFiles(dir)) {
    if (path.extname(rel) !== ".js") continue;
    const file = path.join(dir, rel);
    const raw = readFileSync(file, "utf8");
    if (raw.startsWith(COMPILE_HINT)) continue;
    writeFileSync(file, COMPILE_HINT + raw);
    files++;
  }
  return files;
}

/** Brotli at the highest quality, in text mode with the input size as a hint */
export function brotli(buf) {
  return brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
}

/**
 * Writes `<file>.br` for every .js/.css file below `dir` where that is smaller than the file, and
 * removes a stale `.br` where it is not. Returns what it did.
 */
export function precompress(dir) {
  let files = 0;
  let skipped = 0;
  let before = 0;
  let after = 0;
  for (const rel of walkFiles(dir)) {
    if (!Object.hasOwn(BROTLI_TYPES, path.extname(rel))) continue;
    const file = path.join(dir, rel);
    const raw = readFileSync(file);
    const br = brotli(raw);
    if (br.length >= raw.length) {
      rmSync(`${file}.br`, { force: true });
      skipped++;
      continue;
    }
    writeFileSync(`${file}.br`, br);
    files++;
    before += raw.length;
    after += br.length;
  }
  return { files, skipped, before, after };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const dir = path.join(root, ".next", "static");
  const started = Date.now();
  const hinted = addCompileHints(dir);
  const r = precompress(dir);
  const kb = (n) => `${Math.round(n / 1024)} KB`;
  console.log(`precompress: ${hinted} scripts marked for eager compilation, ${r.files} files in .next/static → .br (${kb(r.before)} → ${kb(r.after)}), ${r.skipped} left as they are, in ${Date.now() - started} ms`);
}
