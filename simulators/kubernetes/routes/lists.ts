/** Lists with limit/continue, and the events field selectors. */
import { type SimRequest, type SimResponse } from "@/simulators/kit/server";
import type { SimCluster } from "../state";
import { status } from "./status";

/** continue tokens: base64 of {rv, start} as the API server's are opaque base64 JSON */
export function decodeContinue(token: string): { rv: number; start: number } | null {
  try {
    const v = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    return Number.isInteger(v.rv) && Number.isInteger(v.start) && v.start >= 0 ? { rv: v.rv, start: v.start } : null;
  } catch {
    return null;
  }
}

export function list<T>(req: SimRequest, c: SimCluster, kind: string, items: T[], render: (t: T) => unknown): SimResponse {
  const limitRaw = req.query.get("limit");
  const limit = limitRaw && /^\d+$/.test(limitRaw) ? Number(limitRaw) : 0;
  const cont = req.query.get("continue");
  let start = 0;
  if (cont) {
    const d = decodeContinue(cont);
    if (!d) return status(400, "BadRequest", "continue key is not valid: illegal base64 data at input byte 0");
    if (d.rv !== c.rv) return status(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
    start = d.start;
  }
  const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
  const metadata: Record<string, unknown> = { resourceVersion: String(c.rv) };
  if (end < items.length) {
    metadata.continue = Buffer.from(JSON.stringify({ rv: c.rv, start: end })).toString("base64");
    metadata.remainingItemCount = items.length - end;
  }
  return { status: 200, body: { kind, apiVersion: "v1", metadata, items: items.slice(start, end).map(render) } };
}

/** fieldSelector for events: the API server supports type=, involvedObject.kind=, reason= (and more); others are 400 */
export function eventFilter(selector: string | null): ((e: SimCluster["events"][number]) => boolean) | SimResponse {
  if (!selector) return () => true;
  const tests: ((e: SimCluster["events"][number]) => boolean)[] = [];
  for (const part of selector.split(",")) {
    const m = /^([\w.]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) return status(400, "BadRequest", `unable to parse requirement: invalid field selector: '${part}'`);
    const [, field, op, value] = m;
    const get: Record<string, (e: SimCluster["events"][number]) => string> = { type: (e) => e.type, reason: (e) => e.reason, "involvedObject.kind": (e) => e.kind, "involvedObject.name": (e) => e.object, "metadata.namespace": (e) => e.namespace };
    const g = get[field];
    if (!g) return status(400, "BadRequest", `field label not supported: ${field}`);
    tests.push(op === "!=" ? (e) => g(e) !== value : (e) => g(e) === value);
  }
  return (e) => tests.every((t) => t(e));
}
