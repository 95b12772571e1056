// @vitest-environment happy-dom
/**
 * useLazyQuery (issue 20: the clusters list's first load without TanStack Query): the server's answer is
 * shown without a request; the first poll, a change announced for the key, or another key loads the
 * engine and asks the server (the previous answer shown meanwhile); a disabled query without data asks
 * nothing until enabled. Only the network is stubbed (fetch answers with a counter).
 */
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { announceChange, apiRequest } from "@/components/api-client";
import { useLazyQuery } from "./lazy-query";

let asked: string[] = [];
beforeEach(() => {
  asked = [];
  vi.stubGlobal("fetch", async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify({ value: `${url}#${asked.length}` }), { status: 200, headers: { "content-type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const keep = <T,>(previous: T | undefined) => previous;

function View({ q, initial, firstPollMs, enabled }: { q: string; initial?: { q: string; value: string; at: number }; firstPollMs?: number; enabled?: boolean }) {
  const r = useLazyQuery<{ value: string }>({
    queryKey: ["test-lazy", q],
    queryFn: ({ signal }) => apiRequest(`/api/test?q=${q}`, { signal }),
    placeholderData: keep,
    initialData: initial && initial.q === q ? { value: initial.value } : undefined,
    initialDataUpdatedAt: initial?.at,
    firstPollMs,
    enabled,
  });
  return (
    <p data-testid="out" data-placeholder={String(r.isPlaceholderData)} data-pending={String(r.isPending)}>
      {r.data?.value ?? "none"}
    </p>
  );
}

const out = () => screen.getByTestId("out");

describe("useLazyQuery", () => {
  // first: until a test loads the engine, the page waits for its first need (later queries attach at once)
  it("asks when the first poll is due (the engine not loaded before)", async () => {
    render(<View q="p" initial={{ q: "p", value: "server", at: Date.now() - 1000 }} firstPollMs={1200} />);
    expect(out().textContent).toBe("server");
    await waitFor(() => expect(out().textContent).toBe("/api/test?q=p#1"), { timeout: 3000 });
  });

  it("shows the server's answer without asking, and asks when a change is announced for its key", async () => {
    render(<View q="a" initial={{ q: "a", value: "server", at: Date.now() }} />);
    expect(out().textContent).toBe("server");
    await new Promise((r) => setTimeout(r, 50));
    act(() => announceChange(["other"]));
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toEqual([]);
    act(() => announceChange(["test-lazy"]));
    await waitFor(() => expect(out().textContent).toBe("/api/test?q=a#1"));
    expect(asked).toEqual(["/api/test?q=a"]);
  });

  it("another key shows the previous answer as placeholder while it is asked for", async () => {
    const initial = { q: "k1", value: "server", at: Date.now() };
    const { rerender } = render(<View q="k1" initial={initial} />);
    rerender(<View q="k2" initial={initial} />);
    expect(out().textContent).toBe("server");
    expect(out().dataset.placeholder).toBe("true");
    await waitFor(() => expect(out().textContent).toBe("/api/test?q=k2#1"));
    expect(out().dataset.placeholder).toBe("false");
    expect(asked).toEqual(["/api/test?q=k2"]);
  });

  it("a disabled query without data asks nothing until enabled", async () => {
    const { rerender } = render(<View q="d" enabled={false} />);
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toEqual([]);
    expect(out().textContent).toBe("none");
    rerender(<View q="d" enabled />);
    await waitFor(() => expect(out().textContent).toBe("/api/test?q=d#1"));
  });
});
