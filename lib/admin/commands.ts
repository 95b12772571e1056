import type { AdminCommand } from "./types";

/**
 * Every admin command, by name. A static table (not a directory scan) so that the command line can be
 * bundled into one file for the production image (scripts/assemble-standalone.mjs); admin.test.ts checks
 * that each lib/admin/<name>.ts is listed here.
 */
export const ADMIN_COMMANDS: Record<string, () => Promise<{ default: AdminCommand }>> = {
  backup: () => import("./backup"),
  "create-token": () => import("./create-token"),
  "create-user": () => import("./create-user"),
  "disable-user": () => import("./disable-user"),
  "reset-password": () => import("./reset-password"),
  restore: () => import("./restore"),
  "rotate-keys": () => import("./rotate-keys"),
};
