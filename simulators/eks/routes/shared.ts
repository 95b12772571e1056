/**
 * What the EKS routes share: the handler shape, body parsing, EKS's pagination (maxResults/nextToken),
 * the 404s of a missing cluster or node group in EKS's words, and the scaling-config checks.
 */
import type { SimRequest, SimResponse } from "@/simulators/kit/server";
import type { EksState, SimCluster, SimNodegroup } from "../state";
import { eksError, eksOk } from "../wire";

/** one route: the simulator's state, the request and the region it was signed for (set by the auth wrapper) */
export type EksRoute = (state: EksState, req: SimRequest, region: string) => SimResponse;

export const NAME_RE = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
export const strList = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);
export const isResp = (x: unknown): x is SimResponse => isObj(x) && typeof (x as { status?: unknown }).status === "number";

/** the JSON body as an object ({} when there is none), or EKS's refusal of unparseable JSON */
export function body(req: SimRequest): Record<string, unknown> | SimResponse {
  if (req.bodyInvalid) return eksError("InvalidParameterException", "Could not parse request body into json");
  return isObj(req.body) ? req.body : {};
}

export function clusterOr404(state: EksState, region: string, name: string): SimCluster | SimResponse {
  const c = state.cluster(region, name);
  return c ?? eksError("ResourceNotFoundException", `No cluster found for name: ${name}.`, { clusterName: name });
}

export function ngOr404(state: EksState, region: string, cluster: string, name: string): SimNodegroup | SimResponse {
  const n = state.nodegroup(region, cluster, name);
  return n ?? eksError("ResourceNotFoundException", `No node group found for name: ${name}.`, { clusterName: cluster, nodegroupName: name });
}

function page<T>(items: T[], req: SimRequest, max = 100): { items: T[]; nextToken?: string } | SimResponse {
  const mr = req.query.get("maxResults");
  const maxResults = mr === null ? max : Number(mr);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) return eksError("InvalidParameterException", `maxResults must be between 1 and ${max}`);
  const token = req.query.get("nextToken");
  let start = 0;
  if (token) {
    const n = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""));
    if (!Number.isInteger(n) || n < 0) return eksError("InvalidParameterException", "The nextToken provided is invalid");
    start = n;
  }
  const slice = items.slice(start, start + maxResults);
  const next = start + maxResults < items.length ? Buffer.from(`offset:${start + maxResults}`).toString("base64url") : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

/** one page of a list answer under `key`, with nextToken when more follow */
export function listed<T>(key: string, items: T[], req: SimRequest): SimResponse {
  const p = page(items, req);
  if ("status" in p) return p;
  return eksOk({ [key]: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
}

export function scalingProblem(s: { minSize: number; maxSize: number; desiredSize: number }): string | null {
  if (![s.minSize, s.maxSize, s.desiredSize].every(Number.isInteger)) return "scalingConfig sizes must be whole numbers";
  if (s.minSize < 0) return "Minimum capacity must be greater than or equal to 0";
  if (s.maxSize < 1) return "Maximum capacity must be greater than or equal to 1";
  if (s.minSize > s.maxSize) return `Minimum capacity ${s.minSize} can't be greater than max size ${s.maxSize}`;
  if (s.desiredSize > s.maxSize) return `Desired capacity ${s.desiredSize} can't be greater than max size ${s.maxSize}`;
  if (s.desiredSize < s.minSize) return `Desired capacity ${s.desiredSize} can't be lower than min size ${s.minSize}`;
  return null;
}
