// @vitest-environment happy-dom
/**
 * The header's running-operations counter (issue 18 #10): an operation the page starts through
 * apiRequest counts at once, while the running list's next answer is still outstanding — not at the
 * next poll. Only the network is stubbed; the counter, apiRequest and the event between them are real.
 */
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OperationSummary } from "@/lib/inventory/api-types";
import { apiRequest } from "@/components/api-client";
import { RunningOperations } from "./running-operations";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const pending: OperationSummary = {
  id: "op-1",
  kind: "upgrade",
  state: "pending",
  clusterId: "cl-1",
  connectionId: "conn-1",
  connectionName: "prod",
  provider: "nks",
  targetName: "alpha",
  params: {},
  timeline: [{ at: "2026-12-01T12:00:00.000Z", message: "Requested" }],
  error: null,
  createdBy: "owner@example.com",
  createdAt: "2026-12-01T12:00:00.000Z",
  startedAt: null,
  finishedAt: null,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("running operations counter", () => {
  it("counts an operation the page started before the running list answers again", async () => {
    let listCalls = 0;
    let holdList = false;
    const held: (() => void)[] = [];
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.startsWith("/api/v1/operations?running=1")) {
        listCalls++;
        // once the operation is started, the list's answers hang: only the started event can count it
        if (holdList) await new Promise<void>((resolve) => held.push(resolve));
        return json({ items: holdList ? [pending] : [] });
      }
      if (init?.method === "POST") return json({ operation: pending }, 202);
      return json({}, 404);
    });
    render(<RunningOperations />);
    await waitFor(() => expect(screen.getByRole("button", { name: "Running operations: 0" })).toBeTruthy());
    expect(listCalls).toBe(1);

    holdList = true;
    await act(async () => {
      await apiRequest("/api/v1/clusters/cl-1/upgrade", { method: "POST", body: { version: "1.35" } });
    });
    expect(screen.getByRole("button", { name: "Running operations: 1" })).toBeTruthy();
    // the list was asked again, and has not answered yet
    expect(held.length).toBeGreaterThan(0);
    act(() => held.splice(0).forEach((release) => release()));
    await waitFor(() => expect(screen.getByRole("button", { name: "Running operations: 1" })).toBeTruthy());
  });

  it("a GET answer that happens to carry an operation is not a started operation", async () => {
    vi.stubGlobal("fetch", async (input: RequestInfo | URL) => (String(input).startsWith("/api/v1/operations?running=1") ? json({ items: [] }) : json({ operation: pending })));
    render(<RunningOperations />);
    await waitFor(() => expect(screen.getByRole("button", { name: "Running operations: 0" })).toBeTruthy());
    await act(async () => {
      await apiRequest("/api/v1/operations/op-1");
    });
    expect(screen.getByRole("button", { name: "Running operations: 0" })).toBeTruthy();
  });
});
