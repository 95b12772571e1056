import { describe, expect, it } from "vitest";
import { buildPhase } from "./build-state.mjs";

describe("buildPhase (npm start's progress line)", () => {
  it("follows the steps' own lines, in order", () => {
    const chunks = [
      "\n> clusterdeck@1.0.0 build\n> node scripts/prisma-generate.mjs && next build && node scripts/precompress.mjs && node scripts/assemble-standalone.mjs\n\n",
      "   ▲ Next.js 16.0.0 (Turbopack)\n\n   Creating an optimized production build ...\n",
      " ✓ Compiled successfully in 41s\n   Running TypeScript ...\n",
      "  Collecting page data using 1 worker ...\n",
      " ✓ Generating static pages (20/20)\n",
      "precompress: 41 files in .next/static → .br (700 KB → 180 KB), 3 left as they are, in 2100 ms\n",
    ];
    const seen: string[] = [];
    let phase = "compiling";
    for (const c of chunks) seen.push((phase = buildPhase(c, phase)));
    expect(seen).toEqual(["compiling", "compiling", "type checking", "generating pages", "generating pages", "assembling the server"]);
  });

  it("npm's echo of the build script, which names every step, leaves the phase as it is", () => {
    expect(buildPhase("> node scripts/prisma-generate.mjs && next build && node scripts/precompress.mjs && node scripts/assemble-standalone.mjs\n", "compiling")).toBe("compiling");
  });
});
