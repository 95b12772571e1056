/**
 * A small renderer for the subset of Helm's Go templates the Clusterdeck chart uses, so the chart can
 * be rendered and checked in tests on machines without the `helm` binary:
 *
 *   actions      {{ pipeline }}, {{- trims -}}, {{/* comments *\/}}, {{ $x := pipeline }}
 *   control      if / else if / else / end, with / else / end, range (lists and maps, `$k, $v :=`), define
 *   operands     .Values.a.b, $, $.Values.x, $var, $var.field, "strings", `raw`, numbers, true/false/nil, ( pipeline )
 *   functions    include required fail default quote squote toYaml nindent indent trunc trimSuffix trimPrefix
 *                printf eq ne lt gt and or not empty b64enc toString int upper lower replace hasKey contains list
 *
 * Semantics follow text/template + Sprig where the chart depends on them (truthiness, `default`
 * treating empty values as unset, `toYaml` without the trailing newline). Anything else is an error,
 * so a template using an unsupported feature fails loudly instead of rendering something different.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

type Value = unknown;
type Dict = Record<string, unknown>;

/* ------------------------------------------------------------------ lexing of template text */

type Piece = { kind: "text"; text: string } | { kind: "action"; src: string; line: number };

function split(src: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      out.push({ kind: "text", text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === "-" && /\s/.test(src[start + 1] ?? "")) {
      text = text.replace(/\s+$/, "");
      start++;
    }
    const close = findClose(src, start);
    let end = close;
    let trimAfter = false;
    if (src[close - 1] === "-" && /\s/.test(src[close - 2] ?? "")) {
      end = close - 1;
      trimAfter = true;
    }
    out.push({ kind: "text", text });
    out.push({ kind: "action", src: src.slice(start, end).trim(), line: src.slice(0, open).split("\n").length });
    i = close + 2;
    if (trimAfter) while (i < src.length && /\s/.test(src[i])) i++;
  }
  return out.filter((p) => p.kind === "action" || p.text !== "");
}

function findClose(src: string, from: number): number {
  let i = from;
  let quote: string | null = null;
  while (i < src.length) {
    const c = src[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "`") quote = c;
    else if (c === "}" && src[i + 1] === "}") return i;
    i++;
  }
  throw new Error(`unclosed action at offset ${from}`);
}

/* ------------------------------------------------------------------ lexing of actions */

type Tok =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "ident"; v: string }
  | { t: "field"; v: string[] } // .a.b (empty list: ".")
  | { t: "var"; v: string; fields: string[] } // $x.a ($ itself: name "")
  | { t: "(" }
  | { t: ")" }
  | { t: "|" }
  | { t: ":=" }
  | { t: "=" }
  | { t: "," };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const fieldChain = (): string[] => {
    const parts: string[] = [];
    while (src[i] === ".") {
      i++;
      const m = /^[A-Za-z_][\w]*/.exec(src.slice(i));
      if (!m) break;
      parts.push(m[0]);
      i += m[0].length;
    }
    return parts;
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\") {
          const n = src[j + 1];
          s += n === "n" ? "\n" : n === "t" ? "\t" : n;
          j += 2;
        } else s += src[j++];
      }
      out.push({ t: "str", v: s });
      i = j + 1;
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      out.push({ t: "str", v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === "(" || c === ")" || c === "|" || c === ",") {
      out.push({ t: c } as Tok);
      i++;
    } else if (c === ":" && src[i + 1] === "=") {
      out.push({ t: ":=" });
      i += 2;
    } else if (c === "=") {
      out.push({ t: "=" });
      i++;
    } else if (c === ".") {
      if (!/[A-Za-z_]/.test(src[i + 1] ?? "")) {
        out.push({ t: "field", v: [] });
        i++;
      } else out.push({ t: "field", v: fieldChain() });
    } else if (c === "$") {
      i++;
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i));
      const name = m ? m[0] : "";
      i += name.length;
      out.push({ t: "var", v: name, fields: fieldChain() });
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) throw new Error(`bad number in "${src}"`);
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i));
      if (!m) throw new Error(`unexpected "${c}" in "${src}"`);
      out.push({ t: "ident", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/* ------------------------------------------------------------------ pipelines */

type Operand = { k: "lit"; v: Value } | { k: "field"; path: string[] } | { k: "var"; name: string; path: string[] } | { k: "fn"; name: string } | { k: "sub"; pipe: Pipeline };
type Command = Operand[];
interface Pipeline {
  decl?: string[];
  cmds: Command[];
}

function parsePipeline(toks: Tok[]): Pipeline {
  let pos = 0;
  let decl: string[] | undefined;
  // $x := ... | $k, $v := ...
  const assignAt = toks.findIndex((t) => t.t === ":=" || t.t === "=");
  if (assignAt > 0 && toks.slice(0, assignAt).every((t) => t.t === "var" || t.t === ",")) {
    decl = toks.slice(0, assignAt).filter((t): t is Extract<Tok, { t: "var" }> => t.t === "var").map((t) => t.v);
    pos = assignAt + 1;
  }
  const parseCmds = (end: Tok["t"] | null): Command[] => {
    const cmds: Command[] = [[]];
    while (pos < toks.length) {
      const t = toks[pos];
      if (end && t.t === end) return cmds;
      pos++;
      if (t.t === "|") cmds.push([]);
      else if (t.t === "(") {
        const inner = parseCmds(")");
        pos++; // ")"
        cmds[cmds.length - 1].push({ k: "sub", pipe: { cmds: inner } });
      } else if (t.t === "str" || t.t === "num") cmds[cmds.length - 1].push({ k: "lit", v: t.v });
      else if (t.t === "ident") {
        if (t.v === "true" || t.v === "false") cmds[cmds.length - 1].push({ k: "lit", v: t.v === "true" });
        else if (t.v === "nil") cmds[cmds.length - 1].push({ k: "lit", v: null });
        else cmds[cmds.length - 1].push({ k: "fn", name: t.v });
      } else if (t.t === "field") cmds[cmds.length - 1].push({ k: "field", path: t.v });
      else if (t.t === "var") cmds[cmds.length - 1].push({ k: "var", name: t.v, path: t.fields });
      else throw new Error(`unexpected token ${t.t}`);
    }
    if (end) throw new Error(`missing ${end}`);
    return cmds;
  };
  const cmds = parseCmds(null);
  if (cmds.some((c) => c.length === 0)) throw new Error("empty command in pipeline");
  return { decl, cmds };
}

/* ------------------------------------------------------------------ tree */

type Node =
  | { n: "text"; text: string }
  | { n: "out"; pipe: Pipeline; line: number }
  | { n: "if"; branches: { cond: Pipeline | null; body: Node[] }[] }
  | { n: "with"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { n: "range"; pipe: Pipeline; body: Node[]; otherwise: Node[] };

function parseTree(pieces: Piece[], defines: Map<string, Node[]>): Node[] {
  let i = 0;
  const block = (stopAt: Set<string>): { nodes: Node[]; stop: string; rest: string } => {
    const nodes: Node[] = [];
    while (i < pieces.length) {
      const p = pieces[i++];
      if (p.kind === "text") {
        nodes.push({ n: "text", text: p.text });
        continue;
      }
      const src = p.src;
      if (src.startsWith("/*")) continue;
      const word = /^(\w+)\b\s*([\s\S]*)$/.exec(src);
      const kw = word?.[1] ?? "";
      const rest = word?.[2] ?? "";
      if (stopAt.has(kw)) return { nodes, stop: kw, rest };
      if (kw === "if") {
        const branches: { cond: Pipeline | null; body: Node[] }[] = [];
        let cond: Pipeline | null = parsePipeline(lex(rest));
        for (;;) {
          const r = block(new Set(["else", "end"]));
          branches.push({ cond, body: r.nodes });
          if (r.stop === "end") break;
          const elif = /^if\b\s*([\s\S]*)$/.exec(r.rest);
          cond = elif ? parsePipeline(lex(elif[1])) : null;
        }
        nodes.push({ n: "if", branches });
      } else if (kw === "with" || kw === "range") {
        const pipe = parsePipeline(lex(rest));
        const r = block(new Set(["else", "end"]));
        const otherwise = r.stop === "else" ? block(new Set(["end"])).nodes : [];
        nodes.push({ n: kw, pipe, body: r.nodes, otherwise });
      } else if (kw === "define") {
        const name = lex(rest)[0];
        if (!name || name.t !== "str") throw new Error(`define needs a name (line ${p.line})`);
        defines.set(name.v, block(new Set(["end"])).nodes);
      } else if (["else", "end", "template", "block", "break", "continue"].includes(kw)) {
        throw new Error(`unexpected or unsupported {{ ${kw} }} at line ${p.line}`);
      } else {
        nodes.push({ n: "out", pipe: parsePipeline(lex(src)), line: p.line });
      }
    }
    if (stopAt.size) throw new Error(`missing {{ end }} (expected one of ${[...stopAt].join(", ")})`);
    return { nodes, stop: "", rest: "" };
  };
  return block(new Set()).nodes;
}

/* ------------------------------------------------------------------ evaluation */

export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v as Dict).length > 0;
  return true;
}

function field(v: Value, pathParts: string[]): Value {
  let cur = v;
  for (const p of pathParts) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof cur !== "object") throw new Error(`can't evaluate field ${p} in type ${typeof cur}`);
    cur = (cur as Dict)[p];
  }
  return cur;
}

const str = (v: Value): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Helm's toYaml: sorted keys, no trailing newline. */
export function toYaml(v: Value): string {
  if (v === null || v === undefined) return "null";
  return yaml.dump(v, { sortKeys: true, lineWidth: -1, noRefs: true }).replace(/\n$/, "");
}

function indent(n: number, s: string): string {
  const pad = " ".repeat(n);
  return s
    .split("\n")
    .map((l) => pad + l)
    .join("\n");
}

function sprintf(fmt: string, args: Value[]): string {
  let k = 0;
  return fmt.replace(/%[-+ #0]*\d*(?:\.\d+)?([sdvqf%])/g, (m, verb: string) => {
    if (verb === "%") return "%";
    const a = args[k++];
    if (verb === "q") return JSON.stringify(str(a));
    if (verb === "d") return String(Math.trunc(Number(a)));
    return str(a);
  });
}

interface Scope {
  dot: Value;
  vars: Map<string, Value>;
}

export class ChartRenderer {
  private readonly defines = new Map<string, Node[]>();

  constructor(private readonly root: Dict) {}

  addHelpers(src: string) {
    parseTree(split(src), this.defines);
  }

  render(src: string): string {
    const nodes = parseTree(split(src), this.defines);
    return this.exec(nodes, { dot: this.root, vars: new Map([["", this.root]]) });
  }

  private exec(nodes: Node[], scope: Scope): string {
    let out = "";
    const vars = new Map(scope.vars); // assignments are local to the block
    const s: Scope = { dot: scope.dot, vars };
    for (const node of nodes) {
      if (node.n === "text") out += node.text;
      else if (node.n === "out") {
        const v = this.pipe(node.pipe, s);
        if (node.pipe.decl) vars.set(node.pipe.decl[node.pipe.decl.length - 1], v);
        else out += str(v);
      } else if (node.n === "if") {
        for (const b of node.branches) {
          if (b.cond === null || truthy(this.pipe(b.cond, s))) {
            out += this.exec(b.body, s);
            break;
          }
        }
      } else if (node.n === "with") {
        const v = this.pipe(node.pipe, s);
        if (truthy(v)) {
          const inner = new Map(vars);
          if (node.pipe.decl) inner.set(node.pipe.decl[0], v);
          out += this.exec(node.body, { dot: v, vars: inner });
        } else out += this.exec(node.otherwise, s);
      } else {
        const v = this.pipe(node.pipe, s);
        const entries: [Value, Value][] = Array.isArray(v)
          ? v.map((e, idx) => [idx, e])
          : v && typeof v === "object"
            ? Object.keys(v as Dict)
                .sort()
                .map((key) => [key, (v as Dict)[key]])
            : [];
        if (!entries.length) {
          out += this.exec(node.otherwise, s);
          continue;
        }
        for (const [key, e] of entries) {
          const inner = new Map(vars);
          const d = node.pipe.decl ?? [];
          if (d.length === 1) inner.set(d[0], e);
          if (d.length === 2) {
            inner.set(d[0], key);
            inner.set(d[1], e);
          }
          out += this.exec(node.body, { dot: e, vars: inner });
        }
      }
    }
    return out;
  }

  private pipe(p: Pipeline, s: Scope): Value {
    let prev: Value = undefined;
    let first = true;
    for (const cmd of p.cmds) {
      prev = this.command(cmd, s, first ? [] : [prev]);
      first = false;
    }
    return prev;
  }

  private operand(o: Operand, s: Scope): Value {
    switch (o.k) {
      case "lit":
        return o.v;
      case "field":
        return field(s.dot, o.path);
      case "var": {
        if (!s.vars.has(o.name)) throw new Error(`undefined variable $${o.name}`);
        return field(s.vars.get(o.name), o.path);
      }
      case "sub":
        return this.pipe(o.pipe, s);
      case "fn":
        return this.call(o.name, [], s);
    }
  }

  private command(cmd: Command, s: Scope, piped: Value[]): Value {
    const [head, ...rest] = cmd;
    if (head.k === "fn") {
      if (head.name === "and" || head.name === "or") {
        // short-circuit like text/template
        const args = [...rest.map((o) => () => this.operand(o, s)), ...piped.map((v) => () => v)];
        let last: Value = undefined;
        for (const a of args) {
          last = a();
          if (head.name === "and" ? !truthy(last) : truthy(last)) return last;
        }
        return last;
      }
      return this.call(head.name, [...rest.map((o) => this.operand(o, s)), ...piped], s);
    }
    if (rest.length || piped.length) throw new Error("only functions take arguments");
    return this.operand(head, s);
  }

  private call(name: string, a: Value[], s: Scope): Value {
    void s;
    switch (name) {
      case "include": {
        const body = this.defines.get(str(a[0]));
        if (!body) throw new Error(`include: no template "${str(a[0])}"`);
        return this.exec(body, { dot: a[1], vars: new Map([["", a[1]]]) });
      }
      case "required":
        if (!truthy(a[1]) && a[1] !== false && a[1] !== 0) throw new Error(str(a[0]));
        return a[1];
      case "fail":
        throw new Error(str(a[0]));
      case "default":
        return a.length > 1 && truthy(a[1]) ? a[1] : a[0];
      case "quote":
        return a.map((x) => JSON.stringify(str(x))).join(" ");
      case "squote":
        return a.map((x) => `'${str(x)}'`).join(" ");
      case "toYaml":
        return toYaml(a[0]);
      case "nindent":
        return "\n" + indent(Number(a[0]), str(a[1]));
      case "indent":
        return indent(Number(a[0]), str(a[1]));
      case "trunc":
        return str(a[1]).slice(0, Number(a[0]));
      case "trimSuffix":
        return str(a[1]).endsWith(str(a[0])) ? str(a[1]).slice(0, -str(a[0]).length || undefined) : str(a[1]);
      case "trimPrefix":
        return str(a[1]).startsWith(str(a[0])) ? str(a[1]).slice(str(a[0]).length) : str(a[1]);
      case "printf":
        return sprintf(str(a[0]), a.slice(1));
      case "eq":
        return a.slice(1).some((x) => x === a[0]);
      case "ne":
        return a[0] !== a[1];
      case "lt":
        return Number(a[0]) < Number(a[1]);
      case "gt":
        return Number(a[0]) > Number(a[1]);
      case "not":
        return !truthy(a[0]);
      case "empty":
        return !truthy(a[0]);
      case "b64enc":
        return Buffer.from(str(a[0])).toString("base64");
      case "toString":
        return str(a[0]);
      case "int":
        return Math.trunc(Number(a[0] ?? 0));
      case "upper":
        return str(a[0]).toUpperCase();
      case "lower":
        return str(a[0]).toLowerCase();
      case "replace":
        return str(a[2]).split(str(a[0])).join(str(a[1]));
      case "hasKey":
        return !!a[0] && typeof a[0] === "object" && Object.prototype.hasOwnProperty.call(a[0], str(a[1]));
      case "contains":
        return str(a[1]).includes(str(a[0]));
      case "list":
        return a;
      default:
        throw new Error(`unsupported template function "${name}"`);
    }
  }
}

/* ------------------------------------------------------------------ the chart */

export function deepMerge(base: Value, over: Value): Value {
  if (over === undefined) return base;
  if (base && over && typeof base === "object" && typeof over === "object" && !Array.isArray(base) && !Array.isArray(over)) {
    const out: Dict = { ...(base as Dict) };
    for (const [k, v] of Object.entries(over as Dict)) out[k] = deepMerge((base as Dict)[k], v);
    return out;
  }
  return over;
}

export interface RenderOptions {
  values?: Dict;
  releaseName?: string;
  namespace?: string;
  isUpgrade?: boolean;
}

export interface RenderedChart {
  /** template file name → rendered text */
  files: Record<string, string>;
  /** every manifest parsed as YAML (empty documents dropped) */
  manifests: { file: string; doc: Dict }[];
}

/** Renders every templates/*.yaml of the chart in `chartDir` like `helm template`. */
export function renderChart(chartDir: string, opts: RenderOptions = {}): RenderedChart {
  const chart = yaml.load(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as Dict;
  const defaults = yaml.load(readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as Dict;
  const values = deepMerge(defaults, opts.values ?? {}) as Dict;
  const root: Dict = {
    Values: values,
    Release: { Name: opts.releaseName ?? "clusterdeck", Namespace: opts.namespace ?? "default", Service: "Helm", IsInstall: !opts.isUpgrade, IsUpgrade: !!opts.isUpgrade, Revision: opts.isUpgrade ? 2 : 1 },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const r = new ChartRenderer(root);
  const dir = path.join(chartDir, "templates");
  const names = readdirSync(dir).sort();
  for (const n of names.filter((x) => x.endsWith(".tpl"))) r.addHelpers(readFileSync(path.join(dir, n), "utf8"));
  const files: Record<string, string> = {};
  const manifests: { file: string; doc: Dict }[] = [];
  for (const n of names.filter((x) => x.endsWith(".yaml") || x.endsWith(".yml"))) {
    let text: string;
    try {
      text = r.render(readFileSync(path.join(dir, n), "utf8"));
    } catch (e) {
      throw new Error(`${n}: ${(e as Error).message}`, { cause: e });
    }
    files[n] = text;
    for (const doc of yaml.loadAll(text)) if (doc && typeof doc === "object") manifests.push({ file: n, doc: doc as Dict });
  }
  return { files, manifests };
}
