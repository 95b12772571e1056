import type { SimRequest, SimResponse } from "@/simulators/kit/server";

/**
 * Django REST Framework error shapes: `{"detail": "..."}` for 400 parse / 401 / 403 / 404 / 405 /
 * 409 / 429 / 5xx, `{"<field>": ["..."]}` for validation.
 */
export function detail(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { detail: message }, headers };
}

export const notFound = (): SimResponse => detail(404, "Not found.");
export const forbidden = (): SimResponse => detail(403, "You do not have permission to perform this action.");
export const fieldErrors = (errors: Record<string, string[]>): SimResponse => ({ status: 400, body: errors });

/** 401s carry the Knox challenge header */
export const unauthorized = (message: string): SimResponse => detail(401, message, { "WWW-Authenticate": "Bearer" });

export function methodNotAllowed(req: SimRequest): SimResponse {
  return detail(405, `Method "${req.method}" not allowed.`);
}

/** DRF wraps Python's json error text; we reproduce its wording with the position JS reports. */
export function parseErrorMessage(raw: string): string {
  let pos = 0;
  try {
    JSON.parse(raw);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    pos = m ? Number(m[1]) : raw.length;
  }
  const before = raw.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  const what = raw[pos] === undefined ? "Expecting value" : /["}]/.test(raw[pos - 1] ?? "") || raw[pos] === "'" ? "Expecting property name enclosed in double quotes" : "Expecting value";
  return `JSON parse error - ${what}: line ${line} column ${column} (char ${pos})`;
}

export function injectedError(status: number): unknown {
  switch (status) {
    case 429:
      return { detail: "Request was throttled." };
    case 503:
      return { detail: "Service temporarily unavailable, try again later." };
    case 502:
      return { detail: "Bad Gateway" };
    default:
      return { detail: "A server error occurred." };
  }
}
