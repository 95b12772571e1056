import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { toProviderError } from "./errors";
import { ResponseTooLarge } from "./transport";

const secrets = ["6f1d2c8e-4a3b-4c5d-9e7f-0a1b2c3d4e5f", "3c9e8b7a-1d2f-4e6a-8b0c-5d4e3f2a1b0c", "s3cr3t-value"];

describe("Azure SDK errors as ProviderError", () => {
  it("maps MSAL's client-credential refusals to unauthorized and scrubs the ids Entra echoes", () => {
    const e = Object.assign(new Error("invalid_client: Error(s): 7000215 - Timestamp: 2026-12-01 08:58:36Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '3c9e8b7a-1d2f-4e6a-8b0c-5d4e3f2a1b0c'. Trace ID: x Correlation ID: y"), { name: "AuthenticationRequiredError" });
    const p = toProviderError(e, secrets, 1000);
    expect(p.kind).toBe("unauthorized");
    expect(p.message).toMatch(/^Microsoft Entra ID refused the client credentials: AADSTS7000215: Invalid client secret provided/);
    for (const s of secrets) expect(p.message).not.toContain(s);
  });

  it("maps ARM RestErrors by status with ARM's code and message, and Retry-After", () => {
    const headers = new Map([["retry-after", "17"]]);
    const e = new RestError("x", { statusCode: 429, code: "SubscriptionRequestsThrottled", response: { status: 429, headers: { get: (n: string) => headers.get(n) }, bodyAsText: JSON.stringify({ error: { code: "SubscriptionRequestsThrottled", message: "try later" } }) } as never });
    const p = toProviderError(e, secrets, 1000);
    expect(p).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 17_000, message: "SubscriptionRequestsThrottled: try later" });
    expect(toProviderError(new RestError("nope", { statusCode: 409 }), secrets, 1000).kind).toBe("conflict");
    expect(toProviderError(new RestError("bad json", { code: "PARSE_ERROR", statusCode: 200 }), secrets, 1000).kind).toBe("bad_response");
  });

  it("maps aborts, oversize bodies, blocked addresses and network failures", () => {
    expect(toProviderError(Object.assign(new Error("aborted"), { name: "AbortError" }), secrets, 1500)).toMatchObject({ kind: "timeout", message: "Azure did not answer within 1500 ms" });
    expect(toProviderError(new ResponseTooLarge(1024), secrets, 1000).kind).toBe("bad_response");
    expect(toProviderError(new RestError("127.0.0.1 is a loopback address; provider APIs must be reached at public addresses; if this is intended, list \"127.0.0.1\" in ALLOWED_PROVIDER_HOSTS", { code: "REQUEST_SEND_ERROR" }), secrets, 1000).kind).toBe("forbidden");
    expect(toProviderError(new RestError("connect ECONNREFUSED 10.0.0.1:443", { code: "REQUEST_SEND_ERROR" }), secrets, 1000)).toMatchObject({ kind: "unavailable", message: "Azure unreachable: connection refused" });
  });
});
