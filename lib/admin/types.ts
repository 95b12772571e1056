/**
 * An admin command: `npm run admin -- <name> [--flag value ...]` loads lib/admin/<name>.ts and calls
 * its default export's run(). The database is connected before run() (PostgreSQL or the embedded one).
 */
export interface AdminCommand {
  description: string;
  /** e.g. "--email <email> --password <password> [--team <name>] [--role owner|admin|operator|viewer]" */
  usage: string;
  run(args: AdminArgs): Promise<void>;
}

export interface AdminArgs {
  flags: Record<string, string | true>;
  positional: string[];
  /** writes one line to stdout */
  print(line: string): void;
}

export class UsageError extends Error {}

export function required(args: AdminArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== "string" || !v) throw new UsageError(`--${name} is required`);
  return v;
}

export function optional(args: AdminArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}
