// @vitest-environment happy-dom
/**
 * <LiveRefresh> keeps a server-rendered page fresh without TanStack Query (issue 20): a change announced
 * for its view (or for every view) re-renders the page, another view's change does not, and the poll
 * comes `intervalMs` after the server read the data. Only Next's router is replaced (no server here).
 */
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { announceChange } from "@/components/api-client";
import { LiveRefresh } from "./live-refresh";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

beforeEach(() => {
  refresh.mockReset();
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("LiveRefresh", () => {
  it("re-renders on a change announced for its view or for every view, not for another view", () => {
    render(<LiveRefresh queryKey={["inventory", "overview", "page"]} at={Date.now()} intervalMs={15_000} />);
    act(() => announceChange(["connections"]));
    act(() => announceChange(["inventory", "versions"]));
    expect(refresh).not.toHaveBeenCalled();
    act(() => announceChange(["inventory"]));
    expect(refresh).toHaveBeenCalledTimes(1);
    act(() => announceChange([]));
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("polls intervalMs after the server's read, and at once when the read failed (at = 0)", () => {
    const { unmount } = render(<LiveRefresh queryKey={["inventory", "versions", "page"]} at={Date.now() - 10_000} intervalMs={30_000} />);
    act(() => vi.advanceTimersByTime(19_000));
    expect(refresh).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1_000));
    expect(refresh).toHaveBeenCalledTimes(1);
    unmount();
    refresh.mockReset();
    render(<LiveRefresh queryKey={["inventory", "versions", "page"]} at={0} intervalMs={30_000} />);
    act(() => vi.advanceTimersByTime(0));
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
