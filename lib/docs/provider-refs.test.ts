/**
 * Every "§x.y" a source comment cites must resolve inside this repository: the nearest preceding
 * "docs/….md" names the file (it must exist), and that file must have a heading numbered x.y.
 * Provider facts live in docs/providers/<kind>.md (see docs/adding-a-provider.md).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SELF = path.relative(ROOT, __filename);
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

function sourceFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "lib", "components", "app", "simulators", "scripts", "e2e", "test", "deploy"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\n").filter((f) => SOURCE.test(f) && f !== SELF && existsSync(path.join(ROOT, f)));
}

export interface Citation {
  file: string;
  line: number;
  doc: string | null;
  section: string;
}

/** every § citation of a text, with the document it points into (the nearest "docs/….md" before it on the same or previous line) */
export function citations(file: string, text: string): Citation[] {
  const lines = text.split("\n");
  const out: Citation[] = [];
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/§\s?(\d+(?:\.\d+)*)/g)) {
      const before = `${lines[i - 1] ?? ""}\n${line.slice(0, m.index)}`;
      const docs = [...before.matchAll(/docs\/[\w./-]+?\.md/g)];
      out.push({ file, line: i + 1, doc: docs.length ? docs[docs.length - 1][0] : null, section: m[1] });
    }
  });
  return out;
}

const docCache = new Map<string, string[]>();
function docLines(doc: string): string[] {
  if (!docCache.has(doc)) docCache.set(doc, readFileSync(path.join(ROOT, doc), "utf8").split("\n"));
  return docCache.get(doc)!;
}

const headingRe = (section: string) => new RegExp(`^#{1,6}\\s+${section.replace(/\./g, "\\.")}(\\.|\\s|$)`);

/** a heading numbered `section`, or item n of a numbered list directly in section x ("§11.6" = item 6 of "## 11.") */
function hasSection(doc: string, section: string): boolean {
  const lines = docLines(doc);
  if (lines.some((l) => headingRe(section).test(l))) return true;
  const parts = section.split(".");
  if (parts.length < 2) return false;
  const start = lines.findIndex((l) => headingRe(parts.slice(0, -1).join(".")).test(l));
  if (start < 0) return false;
  const end = lines.findIndex((l, i) => i > start && /^#{1,6}\s/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).some((l) => new RegExp(`^${parts[parts.length - 1]}\\.\\s`).test(l));
}

export function resolves(c: Citation): string | null {
  if (!c.doc) return `${c.file}:${c.line}: §${c.section} names no docs/… file`;
  if (!existsSync(path.join(ROOT, c.doc))) return `${c.file}:${c.line}: ${c.doc} does not exist`;
  return hasSection(c.doc, c.section) ? null : `${c.file}:${c.line}: ${c.doc} has no section ${c.section}`;
}

describe("§ references in source comments", () => {
  it("resolve to a section of a document in this repository", () => {
    const all = sourceFiles().flatMap((f) => citations(f, readFileSync(path.join(ROOT, f), "utf8")));
    expect(all.length).toBeGreaterThan(30);
    expect(all.map(resolves).filter((x) => x)).toEqual([]);
  });

  it("catches a citation of a file outside the repo, a missing file and a missing section", () => {
    const text = "// facts §3.2\n// see docs/providers/nks.md §99.1\n// docs/providers/nope.md §1\n// docs/providers/nks.md §3.2 and §4\n// docs/providers/rafay.md §11.6, §11.9\n";
    const found = citations("x.ts", text).map(resolves);
    expect(found).toEqual([
      "x.ts:1: §3.2 names no docs/… file",
      "x.ts:2: docs/providers/nks.md has no section 99.1",
      "x.ts:3: docs/providers/nope.md does not exist",
      null,
      null,
      null,
      "x.ts:5: docs/providers/rafay.md has no section 11.9",
    ]);
  });
});
