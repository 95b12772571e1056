// @vitest-environment happy-dom
/**
 * The clusters filters in a browser-like DOM: each control reports the query change it stands for
 * (and page 1), an invalid version is refused with a message instead of being applied, and the
 * options follow the chosen provider. Only the network is stubbed (the scopes list).
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionSummary } from "@/lib/inventory/api-types";
import { providerInfoMap } from "@/lib/providers/browser-data";
import { ClusterFilters } from "./cluster-filters";
import { parseClusterQuery, type ClusterQuery } from "./query";

const conn = (id: string, name: string, provider: string, providerName: string): ConnectionSummary => ({ id, name, provider, providerName, demo: false, state: "fresh", syncedAt: null, ageSeconds: 1, clusterCount: 1 });
const connections = [conn("c-nks", "NetApp prod", "nks", "NKS"), conn("c-cw", "CoreWeave lab", "coreweave", "CoreWeave")];

beforeEach(() => {
  vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ items: [], connections: [] }), { status: 200, headers: { "content-type": "application/json" } }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function renderFilters(search = "") {
  const onChange = vi.fn<(patch: Partial<ClusterQuery>, mode?: "push" | "replace") => void>();
  const query = parseClusterQuery(new URLSearchParams(search));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ClusterFilters query={query} onChange={onChange} providers={providerInfoMap()} connections={connections} />
    </QueryClientProvider>,
  );
  return onChange;
}

describe("clusters filters", () => {
  it("a provider toggle, the issues box, a status and a connection each report their change and go back to page 1", () => {
    const onChange = renderFilters("page=3");
    const nks = screen.getByRole("button", { name: providerInfoMap().nks.displayName });
    expect(nks.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(nks);
    expect(onChange).toHaveBeenLastCalledWith({ provider: ["nks"], page: 1 });

    fireEvent.click(screen.getByRole("checkbox", { name: "Only clusters with issues" }));
    expect(onChange).toHaveBeenLastCalledWith({ issues: true, page: 1 });

    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });
    expect(onChange).toHaveBeenLastCalledWith({ status: ["failed"], page: 1 });

    fireEvent.change(screen.getByLabelText("Connection"), { target: { value: "c-cw" } });
    expect(onChange).toHaveBeenLastCalledWith({ connection: ["c-cw"], page: 1 });
  });

  it("a chosen provider is shown pressed and limits the connections offered", () => {
    renderFilters("provider=coreweave");
    expect(screen.getByRole("button", { name: providerInfoMap().coreweave.displayName }).getAttribute("aria-pressed")).toBe("true");
    const offered = [...(screen.getByLabelText("Connection") as HTMLSelectElement).options].map((o) => o.value);
    expect(offered).toEqual(["", "c-cw"]);
  });

  it("the search is applied after a pause (replacing the history entry), and at once on Enter", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const onChange = renderFilters();
    const search = screen.getByRole("searchbox", { name: "Search clusters" });
    fireEvent.change(search, { target: { value: "prod" } });
    expect(onChange).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTime(400));
    expect(onChange).toHaveBeenLastCalledWith({ q: "prod", page: 1 }, "replace");
    vi.useRealTimers();
    fireEvent.change(search, { target: { value: "edge" } });
    fireEvent.keyDown(search, { key: "Enter" });
    expect(onChange).toHaveBeenLastCalledWith({ q: "edge", page: 1 }, "replace");
  });

  it("an invalid version is not applied and says what is expected; a valid one is", async () => {
    const onChange = renderFilters();
    const version = screen.getByLabelText("Version");
    fireEvent.change(version, { target: { value: "latest" } });
    fireEvent.keyDown(version, { key: "Enter" });
    await waitFor(() => expect(version.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("like 1.30 or 1.30.2")).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(version, { target: { value: "1.30" } });
    fireEvent.keyDown(version, { key: "Enter" });
    expect(onChange).toHaveBeenLastCalledWith({ version: "1.30", page: 1 }, "replace");
    await waitFor(() => expect(version.getAttribute("aria-invalid")).toBeNull());
  });

  it("asks for the scope options when the scope select is first used, not at first paint", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      asked.push(url);
      const scope = { id: "s1", connectionId: "c-nks", connectionName: "NetApp prod", provider: "nks", externalId: "proj-1", name: "Project one", kind: "project", clusterCount: 1 };
      return new Response(JSON.stringify({ items: [scope], connections: [] }), { status: 200, headers: { "content-type": "application/json" } });
    });
    renderFilters();
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toEqual([]);
    const select = screen.getByLabelText("Scope") as HTMLSelectElement;
    fireEvent.focus(select);
    await waitFor(() => expect([...select.options].map((o) => o.value)).toEqual(["", "proj-1"]));
    expect(asked).toEqual(["/api/v1/scopes"]);
  });
});
