// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { DataTable } from "./data-table";

interface Row {
  id: string;
  name: string;
  count: number;
}

const columns: ColumnDef<Row, unknown>[] = [
  { id: "name", header: "Name", meta: { thClassName: "th-name", tdClassName: "td-name", tdProps: (r) => ({ title: `full ${r.name}` }) }, cell: ({ row }) => <a href={`/rows/${row.original.id}`}>{row.original.name}</a> },
  { id: "count", header: () => <span className="sr-only">Count</span>, cell: ({ row }) => row.original.count },
];

afterEach(cleanup);

describe("DataTable", () => {
  it("renders a header cell per column and a row per item, in order, with the cell content", () => {
    render(<DataTable data={[{ id: "a", name: "alpha", count: 1 }, { id: "b", name: "beta", count: 22 }]} columns={columns} getRowId={(r) => r.id} />);
    const headers = screen.getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["Name", "Count"]);
    for (const h of headers) expect(h.getAttribute("scope")).toBe("col");
    expect(headers[0].className).toBe("th-name");
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole("link", { name: "alpha" }).getAttribute("href")).toBe("/rows/a");
    expect(within(rows[1]).getAllByRole("cell").map((c) => c.textContent)).toEqual(["beta", "22"]);
    const first = within(rows[0]).getAllByRole("cell")[0];
    expect(first.className).toBe("td-name");
    expect(first.getAttribute("title")).toBe("full alpha");
  });

  it("gives each row the classes and data attributes rowProps returns", () => {
    render(<DataTable data={[{ id: "a", name: "alpha", count: 1 }]} columns={columns} getRowId={(r) => r.id} rowProps={(r) => ({ className: "row", "data-row": r.name })} tableProps={{ "data-testid": "t" }} />);
    const row = screen.getByTestId("t").querySelector("tbody tr")!;
    expect(row.getAttribute("data-row")).toBe("alpha");
    expect(row.className).toBe("row");
  });

  it("shows the empty content in one row spanning every column, and nothing when none is given", () => {
    const { unmount } = render(<DataTable data={[]} columns={columns} getRowId={(r) => r.id} empty="Nothing here" />);
    const cell = screen.getByText("Nothing here");
    expect(cell.tagName).toBe("TD");
    expect(cell.getAttribute("colspan")).toBe("2");
    unmount();
    render(<DataTable data={[]} columns={columns} getRowId={(r) => r.id} />);
    expect(screen.getAllByRole("row")).toHaveLength(1);
  });
});

describe("DataTable cell state", () => {
  function Counter({ label }: { label: string }) {
    const [n, setN] = useState(0);
    return (
      <button type="button" onClick={() => setN(n + 1)}>
        {label} {n}
      </button>
    );
  }
  // like the app's tables: the columns array is built anew on every render of the parent
  function Parent({ tick }: { tick: number }) {
    const cols: ColumnDef<Row, unknown>[] = [{ id: "c", header: () => `Header ${tick}`, cell: ({ row }) => <Counter label={row.original.name} /> }];
    return <DataTable data={[{ id: "a", name: "alpha", count: 1 }]} columns={cols} getRowId={(r) => r.id} />;
  }

  it("a stateful cell keeps its state when the parent re-renders with a new columns array", () => {
    const { rerender } = render(<Parent tick={1} />);
    fireEvent.click(screen.getByRole("button", { name: "alpha 0" }));
    expect(screen.getByRole("button", { name: "alpha 1" })).toBeTruthy();
    rerender(<Parent tick={2} />);
    expect(screen.getByRole("columnheader").textContent).toBe("Header 2");
    expect(screen.getByRole("button", { name: "alpha 1" })).toBeTruthy();
  });
});

describe("DataTable on the server", () => {
  it("uses no hooks, so a server component can render it (called outside any React render here)", () => {
    // with useReactTable this call throws: hooks only work while React renders a client component
    const el = DataTable({ data: [{ id: "a", name: "alpha", count: 1 }], columns, getRowId: (r) => r.id, caption: "Rows" });
    render(el);
    expect(screen.getByRole("table", { name: "Rows" })).toBeTruthy();
    expect(screen.getAllByRole("row")).toHaveLength(2);
  });
});
