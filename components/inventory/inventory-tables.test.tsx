// @vitest-environment happy-dom
/**
 * The inventory's read-only tables on the shared DataTable: the Versions page (rendered on the server, so
 * called here as a plain function too) and the live Kubernetes nodes keep their column headers
 * (scope="col"), captions and the data-* hooks the e2e specs select on.
 */
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { VersionRow } from "@/lib/inventory/api-types";
import { providerMap } from "@/lib/providers/browser-data";
import { KubeLiveSection, type KubeLive } from "./kube-live";
import { NodePoolsTable } from "./node-pools-table";
import { VersionsView } from "./versions-view";

afterEach(cleanup);

const version = (v: string, over: Partial<VersionRow> = {}): VersionRow => ({ provider: "nks", providerName: "NKS", version: v, eol: null, eolState: "ok", active: true, isDefault: false, clusterCount: 0, upgradesTo: [], ...over });

describe("VersionsView", () => {
  it("lists each provider's versions newest first with EOL state, cluster links and sorted upgrade targets", () => {
    const items = [version("1.29.4", { eolState: "past", eol: "2025-02-28T00:00:00Z", clusterCount: 2, upgradesTo: ["1.31.1", "1.30.2"] }), version("1.31.1", { isDefault: true }), version("1.30.2", { eolState: "soon", eol: "2026-12-20T00:00:00Z" })];
    render(VersionsView({ providers: providerMap(), data: { items } }));
    const table = screen.getByRole("table", { name: "NKS Kubernetes versions" });
    expect(within(table).getAllByRole("columnheader").map((h) => [h.textContent, h.getAttribute("scope")])).toEqual([
      ["Version", "col"],
      ["End of life", "col"],
      ["Clusters", "col"],
      ["Clusters on it may upgrade to", "col"],
    ]);
    const rows = table.querySelectorAll("tbody tr");
    expect([...rows].map((r) => [r.getAttribute("data-version"), r.getAttribute("data-eol")])).toEqual([
      ["1.31.1", "ok"],
      ["1.30.2", "soon"],
      ["1.29.4", "past"],
    ]);
    expect(rows[2].className).toContain("bg-red-50");
    expect(within(rows[2] as HTMLElement).getByRole("link", { name: "2" }).getAttribute("href")).toBe("/clusters?provider=nks&version=1.29.4");
    expect(within(rows[2] as HTMLElement).getAllByRole("cell")[3].textContent).toBe("1.30.21.31.1");
    expect(within(rows[0] as HTMLElement).getByText("default")).toBeTruthy();
  });
});

describe("NodePoolsTable", () => {
  it("marks a lagging pool and keeps the node count in the third cell", () => {
    render(<NodePoolsTable clusterVersion="1.31.1" pools={[{ externalId: "p1", name: "workers", version: "1.30.2", nodeCount: 3, lagging: true, autoscaling: true, minNodes: 1, maxNodes: 5 }]} />);
    const row = screen.getByRole("table", { name: "Node pools" }).querySelector('tr[data-pool="workers"]')!;
    expect(row.getAttribute("data-lagging")).toBe("true");
    const cells = within(row as HTMLElement).getAllByRole("cell");
    expect(cells[2].textContent).toBe("3");
    expect(cells[3].textContent).toBe("auto 1–5");
  });
});

describe("KubeLiveSection", () => {
  const live: KubeLive = {
    nodes: {
      total: 2,
      ready: 1,
      notReady: 1,
      kubeletVersions: ["v1.30.2"],
      maxSkew: 1,
      truncated: false,
      items: [
        { name: "n1", ready: true, kubeletVersion: "v1.30.2", roles: ["worker"], pool: "a", os: "linux", unschedulable: false, skew: 1 },
        { name: "n2", ready: false, reason: "KubeletNotReady", kubeletVersion: "v1.26.0", roles: [], pool: null, os: "linux", unschedulable: true, skew: 5 },
      ],
    },
    namespaces: null,
    pods: null,
    warnings: { count: 0, latest: [], truncated: false },
    forbidden: ["namespaces"],
  };

  it("shows one row per node with readiness, cordon and skew", () => {
    render(<KubeLiveSection live={live} gitVersion="v1.31.0" />);
    const table = within(screen.getByTestId("kube-nodes-table")).getByRole("table", { name: "Nodes" });
    expect(table.querySelectorAll('tr[data-ready="false"]')).toHaveLength(1);
    const n2 = table.querySelector('tr[data-node="n2"]') as HTMLElement;
    expect(within(n2).getByText("NotReady").getAttribute("title")).toBe("KubeletNotReady");
    expect(within(n2).getByText("cordoned")).toBeTruthy();
    expect(within(n2).getByText("5 minors behind")).toBeTruthy();
    expect(within(table.querySelector('tr[data-node="n1"]') as HTMLElement).getAllByRole("cell")[3].textContent).toBe("worker, a");
    expect(screen.getByTestId("kube-skew").textContent).toContain("1 minor behind");
    expect(screen.getByText(/may not list: namespaces/)).toBeTruthy();
  });
});
