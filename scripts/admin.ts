// `npm run admin -- <command> [--flag value ...]`: operational commands. Each command is a module
// lib/admin/<command>.ts (default export: AdminCommand) listed in lib/admin/commands.ts.
// Works with DATABASE_URL (PostgreSQL) and with the embedded database (through a running server's socket).
import { ADMIN_COMMANDS } from "../lib/admin/commands";
import type { AdminArgs, AdminCommand } from "../lib/admin/types";

// `npm run admin -- …` from a source tree; `node admin.mjs …` in the production image (the same file, bundled)
const INVOKE = process.env.CLUSTERDECK_ADMIN_INVOKE ?? "npm run admin --";

function commandNames(): string[] {
  return Object.keys(ADMIN_COMMANDS).sort();
}

async function load(name: string): Promise<AdminCommand | null> {
  if (!Object.hasOwn(ADMIN_COMMANDS, name)) return null;
  return (await ADMIN_COMMANDS[name]()).default;
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
  const lines = [`usage: ${INVOKE} <command> [options]`, "", "commands:"];
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
    console.log(`${INVOKE} ${name} ${command.usage}\n${command.description}`);
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
    if (code === 2) console.error(`usage: ${INVOKE} ${name} ${command.usage}`);
  } finally {
    await disconnectPrisma().catch(() => undefined);
    await db.stop().catch(() => undefined);
  }
  process.exit(code);
}

void main();
