// `npm run admin -- <command> [--flag value ...]`: operational commands. Each command is a module
// lib/admin/<command>.ts (default export: AdminCommand); add a file there to add a command.
// Works with DATABASE_URL (PostgreSQL) and with the embedded database (through a running server's socket).
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AdminArgs, AdminCommand } from "../lib/admin/types";

const adminDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "lib", "admin");
const NOT_COMMANDS = new Set(["types", "index"]);

function commandNames(): string[] {
  return readdirSync(adminDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -3))
    .filter((n) => !NOT_COMMANDS.has(n))
    .sort();
}

async function load(name: string): Promise<AdminCommand | null> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return null;
  const mod = (await import(pathToFileURL(path.join(adminDir, `${name}.ts`)).href)) as { default: AdminCommand };
  return mod.default;
}

function parse(argv: string[]): Omit<AdminArgs, "print"> {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) flags[a.slice(2)] = argv[++i];
      else flags[a.slice(2)] = true;
    } else positional.push(a);
  }
  return { flags, positional };
}

async function usage(code: number) {
  const lines = ["usage: npm run admin -- <command> [options]", "", "commands:"];
  for (const n of commandNames()) {
    const c = await load(n);
    if (c) lines.push(`  ${n.padEnd(16)} ${c.description}`, `  ${"".padEnd(16)} ${c.usage}`);
  }
  (code ? console.error : console.log)(lines.join("\n"));
  process.exit(code);
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help" || name === "-h") return usage(name ? 0 : 2);
  const command = await load(name);
  if (!command) {
    console.error(`unknown command "${name}"`);
    return usage(2);
  }
  const args = parse(rest);
  if (args.flags.help) {
    console.log(`npm run admin -- ${name} ${command.usage}\n${command.description}`);
    return;
  }
  const { resolveDatabaseUrl } = await import("../lib/db/embedded");
  const db = await resolveDatabaseUrl();
  process.env.DATABASE_URL = db.url;
  if (db.kind === "embedded") {
    process.env.CLUSTERDECK_DB_KIND = "embedded";
    process.env.DATABASE_POOL_MAX ??= "1";
  }
  const { UsageError } = await import("../lib/admin/types");
  const { disconnectPrisma } = await import("../lib/db/client");
  let code = 0;
  try {
    const { applyMigrations } = await import("../lib/db/migrate");
    await applyMigrations(db.url);
    await command.run({ ...args, print: (line) => console.log(line) });
  } catch (e) {
    code = e instanceof UsageError ? 2 : 1;
    console.error(`${name}: ${(e as Error).message}`);
    if (code === 2) console.error(`usage: npm run admin -- ${name} ${command.usage}`);
  } finally {
    await disconnectPrisma().catch(() => undefined);
    await db.stop().catch(() => undefined);
  }
  process.exit(code);
}

void main();
