/**
 * A JSON answer kept as bytes: serialized once, then written as is to every request that asks for the
 * same answer. For answers a cache already holds (the cluster list's pages, lib/inventory/list-cache.ts):
 * mapping and serializing a 40 KiB page on every request was a large share of the list's CPU (issue 20).
 *
 * The bytes kept are the JSON itself: Next removes a route's own Content-Encoding
 * (next/dist/server/send-response.js, FORBIDDEN_HEADERS), and scripts/server.mjs gzips what the
 * client accepts.
 */
export interface EncodedJson {
  json: Buffer;
}

export function encodeJson(value: unknown): EncodedJson {
  return { json: Buffer.from(JSON.stringify(value)) };
}

/** the answer as a 200 JSON response */
export function encodedJsonResponse({ json }: EncodedJson): Response {
  return new Response(new Uint8Array(json.buffer as ArrayBuffer, json.byteOffset, json.length), { status: 200, headers: { "content-type": "application/json" } });
}
