/**
 * The one HttpClient every Azure SDK call of this adapter goes through (ARM and Entra token
 * requests alike): the guarded Node agents (config.http.agents: outbound rules at socket open, the
 * trusted CAs) and the response-size cap, which the SDK's own client does not have.
 */
import type { Agent } from "node:http";
import { createDefaultHttpClient, type HttpClient, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";

export class ResponseTooLarge extends Error {
  constructor(readonly cap: number) {
    super(`response larger than ${cap} bytes`);
    this.name = "ResponseTooLarge";
  }
}

async function readCapped(stream: NodeJS.ReadableStream, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > cap) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      throw new ResponseTooLarge(cap);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function guardedHttpClient(opts: { agents: { http: Agent; https: Agent }; maxResponseBytes: number }): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      request.agent = request.url.startsWith("http:") ? opts.agents.http : opts.agents.https;
      const callerStreams = request.streamResponseStatusCodes;
      // read the body ourselves so that an oversized one is cut off instead of buffered whole
      request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
      let response: PipelineResponse;
      try {
        response = await inner.sendRequest(request);
      } finally {
        request.streamResponseStatusCodes = callerStreams;
      }
      const wanted = callerStreams?.has(Number.POSITIVE_INFINITY) || callerStreams?.has(response.status);
      if (wanted || !response.readableStreamBody) return response;
      const declared = Number(response.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > opts.maxResponseBytes) {
        (response.readableStreamBody as unknown as { destroy?: () => void }).destroy?.();
        throw new ResponseTooLarge(opts.maxResponseBytes);
      }
      const text = await readCapped(response.readableStreamBody, opts.maxResponseBytes);
      return { ...response, readableStreamBody: undefined, bodyAsText: text };
    },
  };
}
