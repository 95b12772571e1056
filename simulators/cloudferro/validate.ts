/** Request-body validation of the simulator (docs/providers/cloudferro.md §7), reported as google.rpc.BadRequest violations. */
import { FLAGS, MAX_LABELS, MAX_LABEL_VALUE, NAME_MAX, NAME_PATTERN, TAINT_EFFECTS } from "./config";
import type { Label, Taint } from "./model";

export type Violation = { field: string; description: string };

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function idRef(v: unknown): string | undefined {
  return isObject(v) && typeof v.id === "string" ? v.id : undefined;
}

export function checkName(value: unknown, field: string, out: Violation[], required: boolean): string | undefined {
  if (value === undefined || value === null || value === "") {
    if (required) out.push({ field, description: "value is required" });
    return undefined;
  }
  if (typeof value !== "string") {
    out.push({ field, description: "value must be a string" });
    return undefined;
  }
  if (value.length > NAME_MAX || !NAME_PATTERN.test(value)) {
    out.push({ field, description: `value must be 1-${NAME_MAX} characters matching ${NAME_PATTERN.source}` });
    return undefined;
  }
  return value;
}

function int(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

export interface PoolSizing {
  autoscale: boolean;
  size: number;
  sizeMin: number;
  sizeMax: number;
}

/** autoscale => size_min and size_max (1 <= min <= max), optional size inside them; static => size >= 1. */
export function checkSizing(body: Record<string, unknown>, prefix: string, out: Violation[]): PoolSizing | undefined {
  const autoscale = body.autoscale === true;
  if (body.autoscale !== undefined && typeof body.autoscale !== "boolean") out.push({ field: `${prefix}autoscale`, description: "value must be a boolean" });
  const size = body.size === undefined || body.size === null ? undefined : int(body.size);
  const min = body.size_min === undefined || body.size_min === null ? undefined : int(body.size_min);
  const max = body.size_max === undefined || body.size_max === null ? undefined : int(body.size_max);
  for (const k of ["size", "size_min", "size_max"] as const) {
    if (body[k] !== undefined && body[k] !== null && int(body[k]) === undefined) out.push({ field: `${prefix}${k}`, description: "value must be an integer" });
  }
  const before = out.length;
  if (autoscale) {
    if (min === undefined) out.push({ field: `${prefix}size_min`, description: "value is required when autoscale is true" });
    if (max === undefined) out.push({ field: `${prefix}size_max`, description: "value is required when autoscale is true" });
    if (min !== undefined && min < 1) out.push({ field: `${prefix}size_min`, description: "value must be at least 1" });
    if (min !== undefined && max !== undefined && min > max) out.push({ field: `${prefix}size_max`, description: "value must be greater than or equal to size_min" });
    if (max !== undefined && max > FLAGS.maxPoolSize) out.push({ field: `${prefix}size_max`, description: `value must be at most ${FLAGS.maxPoolSize}` });
    if (size !== undefined && min !== undefined && max !== undefined && (size < min || size > max)) out.push({ field: `${prefix}size`, description: "value must lie between size_min and size_max" });
  } else {
    if (size === undefined) out.push({ field: `${prefix}size`, description: "value is required when autoscale is false" });
    else if (size < 1) out.push({ field: `${prefix}size`, description: "value must be at least 1" });
    else if (size > FLAGS.maxPoolSize) out.push({ field: `${prefix}size`, description: `value must be at most ${FLAGS.maxPoolSize}` });
  }
  if (out.length > before) return undefined;
  return autoscale ? { autoscale, size: size ?? min!, sizeMin: min!, sizeMax: max! } : { autoscale, size: size!, sizeMin: size!, sizeMax: size! };
}

export function checkLabels(value: unknown, field: string, out: Violation[]): Label[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    out.push({ field, description: "value must be a list" });
    return [];
  }
  if (value.length > MAX_LABELS) out.push({ field, description: `at most ${MAX_LABELS} items` });
  const res: Label[] = [];
  value.forEach((l, i) => {
    if (!isObject(l) || typeof l.key !== "string" || l.key.length === 0) out.push({ field: `${field}[${i}].key`, description: "value is required" });
    else if (typeof l.value !== "string" && l.value !== undefined) out.push({ field: `${field}[${i}].value`, description: "value must be a string" });
    else if (typeof l.value === "string" && l.value.length > MAX_LABEL_VALUE) out.push({ field: `${field}[${i}].value`, description: `value must be at most ${MAX_LABEL_VALUE} characters` });
    else res.push({ key: l.key, value: (l.value as string | undefined) ?? "" });
  });
  return res;
}

export function checkTaints(value: unknown, field: string, out: Violation[]): Taint[] {
  const before = out.length;
  const labels = checkLabels(value, field, out);
  if (out.length > before || !Array.isArray(value)) return [];
  return labels.map((l, i) => {
    const effect = (value[i] as Record<string, unknown>).effect;
    if (typeof effect !== "string" || !(TAINT_EFFECTS as readonly string[]).includes(effect)) {
      out.push({ field: `${field}[${i}].effect`, description: `value must be one of ${TAINT_EFFECTS.join(", ")}` });
    }
    return { ...l, effect: String(effect) };
  });
}

export function checkNetworks(value: unknown, field: string, out: Violation[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((x) => typeof x !== "string" || x.length === 0)) {
    out.push({ field, description: "value must be a list of network IDs" });
    return [];
  }
  return value as string[];
}
