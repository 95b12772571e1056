import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import pino from "pino";

/**
 * This process's id: host, pid and a random suffix (two processes on one host never collide). Every
 * log line carries it as `worker`, the background worker claims with it (lib/worker) and operations
 * record it on each step, so an operator can follow work across replicas.
 */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/**
 * Structured JSON logs. Anything that could carry a credential is redacted by path; provider
 * clients never put credentials into messages in the first place (lib/providers/http.ts).
 */
const g = globalThis as unknown as { __clusterdeckLogger?: pino.Logger };

export const logger: pino.Logger = (g.__clusterdeckLogger ??= pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { app: "clusterdeck", pid: process.pid, worker: PROCESS_ID },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      "credentials",
      "*.credentials",
      "token",
      "*.token",
      "apiKey",
      "*.apiKey",
      "apiSecret",
      "*.apiSecret",
      "password",
      "*.password",
      "authorization",
      "*.authorization",
      "headers.authorization",
      "req.headers.authorization",
      "req.headers.cookie",
      "cookie",
    ],
    censor: "[redacted]",
  },
}));

export function childLogger(bindings: Record<string, unknown>) {
  return logger.child(bindings);
}
