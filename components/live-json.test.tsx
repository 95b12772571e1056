// @vitest-environment happy-dom
/**
 * useLiveJson (issue 20: the clusters list without TanStack Query): the server's answer is shown without
 * a request while fresh; a change announced for the view's key asks again (another view's does not);
 * another address shows the previous answer as placeholder until its own arrives; the poll comes
 * every `pollMs`; unchanged parts of an answer stay identical; a failure is retried
 * once, then reported beside the last good answer; a null address asks nothing. Only the network is
 * stubbed (fetch answers from a table the test controls).
 */
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { announceChange } from "@/components/api-client";
import { shareEqual, useLiveJson } from "./live-json";

type Answer = { items: { id: string; n: number }[] };
let asked: string[] = [];
let answers: Record<string, Answer | "fail"> = {};
beforeEach(() => {
  asked = [];
  answers = {};
  vi.stubGlobal("fetch", async (url: string) => {
    asked.push(url);
    const a = answers[url];
    if (a === "fail" || !a) return new Response(JSON.stringify({ error: { code: "unavailable", message: "down" } }), { status: 503 });
    return new Response(JSON.stringify(a), { status: 200, headers: { "content-type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const seenItems: unknown[] = [];
function View({ url, initial, pollMs }: { url: string | null; initial?: { data: Answer; at: number }; pollMs?: number }) {
  const r = useLiveJson<Answer>({ queryKey: ["test", url ?? ""], url, initial, pollMs: pollMs ? () => pollMs : undefined });
  seenItems.push(r.data?.items[0]);
  return (
    <p data-testid="out" data-placeholder={String(r.isPlaceholderData)} data-error={r.error?.message ?? ""}>
      {r.data ? r.data.items.map((i) => `${i.id}:${i.n}`).join(",") : "none"}
    </p>
  );
}
const out = () => screen.getByTestId("out");
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("useLiveJson", () => {
  it("shows the server's answer without asking, and asks again when a change is announced for its view", async () => {
    answers["/a"] = { items: [{ id: "x", n: 2 }] };
    render(<View url="/a" initial={{ data: { items: [{ id: "x", n: 1 }] }, at: Date.now() }} />);
    expect(out().textContent).toBe("x:1");
    await tick(50);
    act(() => announceChange(["other"]));
    await tick(50);
    expect(asked).toEqual([]);
    act(() => announceChange(["test"]));
    await waitFor(() => expect(out().textContent).toBe("x:2"));
    expect(asked).toEqual(["/a"]);
  });

  it("polls every pollMs while its answer is fresh", async () => {
    answers["/p"] = { items: [{ id: "x", n: 5 }] };
    render(<View url="/p" initial={{ data: { items: [{ id: "x", n: 1 }] }, at: Date.now() }} pollMs={300} />);
    expect(out().textContent).toBe("x:1");
    await waitFor(() => expect(out().textContent).toBe("x:5"), { timeout: 2000 });
    answers["/p"] = { items: [{ id: "x", n: 6 }] };
    await waitFor(() => expect(out().textContent).toBe("x:6"), { timeout: 2000 });
    expect(asked.length).toBeGreaterThanOrEqual(2);
  });

  it("another address shows the previous answer as placeholder until its own arrives", async () => {
    const initial = { data: { items: [{ id: "x", n: 1 }] }, at: Date.now() };
    answers["/k2"] = { items: [{ id: "y", n: 1 }] };
    const { rerender } = render(<View url="/k1" initial={initial} />);
    rerender(<View url="/k2" />);
    expect(out().textContent).toBe("x:1");
    expect(out().dataset.placeholder).toBe("true");
    await waitFor(() => expect(out().textContent).toBe("y:1"));
    expect(out().dataset.placeholder).toBe("false");
    expect(asked).toEqual(["/k2"]);
  });

  it("retries a failure once, then reports it beside the last good answer; a null address asks nothing", async () => {
    answers["/f"] = "fail";
    const { rerender } = render(<View url={null} />);
    await tick(50);
    expect(asked).toEqual([]);
    rerender(<View url="/f" initial={{ data: { items: [{ id: "x", n: 1 }] }, at: 0 }} />);
    await waitFor(() => expect(out().dataset.error).toBe("down"), { timeout: 3000 });
    expect(asked).toEqual(["/f", "/f"]);
    expect(out().textContent).toBe("x:1");
  });

  it("keeps unchanged parts identical (memoised rows do not re-render on a poll)", () => {
    const prev = { items: [{ id: "a", n: 1 }, { id: "b", n: 1 }], total: 2 };
    const next = shareEqual(prev, { items: [{ id: "a", n: 1 }, { id: "b", n: 2 }], total: 2 });
    expect(next.items[0]).toBe(prev.items[0]);
    expect(next.items[1]).not.toBe(prev.items[1]);
    expect(shareEqual(prev, JSON.parse(JSON.stringify(prev)))).toBe(prev);
  });
});
