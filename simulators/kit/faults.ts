import { z } from "zod";

/**
 * Fault injection applied to provider paths (never to the /__sim admin prefix). Rates are
 * probabilities in [0, 1], checked in this order: hang, each status, malformed, truncated, oversize.
 */
export const faultConfigSchema = z
  .object({
    /** fixed latency added to every answer */
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** extra uniformly random latency in [0, jitterMs] */
    jitterMs: z.number().int().min(0).max(600_000).default(0),
    /** per-status error rates, e.g. { "503": 0.3, "429": 0.1 } */
    errorRates: z.partialRecord(z.enum(["500", "502", "503", "429"]), z.number().min(0).max(1)).default({}),
    /** Retry-After seconds sent with injected 429s (and 503s) */
    retryAfterSeconds: z.number().min(0).max(3600).default(1),
    /** probability that a request is never answered (the socket is held open) */
    hangRate: z.number().min(0).max(1).default(0),
    /** probability of a 200 whose body is not JSON */
    malformedRate: z.number().min(0).max(1).default(0),
    /** probability of a body cut off half-way (Content-Length promises more) */
    truncatedRate: z.number().min(0).max(1).default(0),
    /** probability of an oversized body of `oversizeBytes` */
    oversizeRate: z.number().min(0).max(1).default(0),
    oversizeBytes: z.number().int().min(1).max(512 * 1024 * 1024).default(64 * 1024 * 1024),
    /** only paths matching this regular expression are affected (default: all provider paths) */
    pathPattern: z.string().max(500).optional(),
    /** only these methods are affected (default: all) */
    methods: z.array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"])).optional(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type FaultInput = z.input<typeof faultConfigSchema>;

export const NO_FAULTS: FaultConfig = faultConfigSchema.parse({});

export type FaultDecision =
  | { kind: "none" }
  | { kind: "hang" }
  | { kind: "status"; status: number }
  | { kind: "malformed" }
  | { kind: "truncated" }
  | { kind: "oversize"; bytes: number };

export function parseFaultsFromEnv(value: string | undefined): FaultConfig {
  if (!value) return NO_FAULTS;
  try {
    return faultConfigSchema.parse(JSON.parse(value));
  } catch (e) {
    throw new Error(`SIM_FAULTS is not a valid fault configuration: ${(e as Error).message}`);
  }
}

export function decideFault(cfg: FaultConfig, method: string, path: string, random: () => number): FaultDecision {
  if (cfg.methods && !cfg.methods.includes(method as never)) return { kind: "none" };
  if (cfg.pathPattern && !new RegExp(cfg.pathPattern).test(path)) return { kind: "none" };
  if (cfg.hangRate > 0 && random() < cfg.hangRate) return { kind: "hang" };
  for (const [status, rate] of Object.entries(cfg.errorRates)) {
    if (rate && random() < rate) return { kind: "status", status: Number(status) };
  }
  if (cfg.malformedRate > 0 && random() < cfg.malformedRate) return { kind: "malformed" };
  if (cfg.truncatedRate > 0 && random() < cfg.truncatedRate) return { kind: "truncated" };
  if (cfg.oversizeRate > 0 && random() < cfg.oversizeRate) return { kind: "oversize", bytes: cfg.oversizeBytes };
  return { kind: "none" };
}

export function latencyFor(cfg: FaultConfig, random: () => number): number {
  return cfg.latencyMs + (cfg.jitterMs > 0 ? Math.floor(random() * (cfg.jitterMs + 1)) : 0);
}
