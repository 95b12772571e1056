import { describe, expect, it } from "vitest";
import { isoFromJson, listRowOf, snapRowFromJson, toRow, type SnapRow } from "./cluster-rows";
import type { ConnectionSummary } from "./api-types";

describe("isoFromJson", () => {
  it("writes json_build_object's timestamps exactly as Date#toISOString does", () => {
    for (const v of ["2026-12-01T18:00:00", "2026-12-01T18:00:00.1", "2026-12-01T18:00:00.12", "2026-12-01T18:00:00.123", "2026-12-01T18:00:00.123456", "1999-01-31T00:00:59.9"]) {
      expect(isoFromJson(v), v).toBe(new Date(`${v}Z`).toISOString());
    }
  });

  it("keeps a zone the text carries, and is null for no timestamp", () => {
    expect(isoFromJson("2026-12-01T18:00:00+02:00")).toBe("2026-12-01T16:00:00.000Z");
    expect(isoFromJson("2026-12-01T18:00:00.5Z")).toBe("2026-12-01T18:00:00.500Z");
    expect(isoFromJson(null)).toBeNull();
    expect(isoFromJson("")).toBeNull();
  });
});

const base: SnapRow = {
  id: "c1",
  connectionId: "k1",
  provider: "eks",
  externalId: "x",
  name: "prod",
  scope: "s",
  scopeName: null,
  region: "us-east-1",
  version: "1.31.2",
  status: "running",
  providerStatus: "ACTIVE",
  nodeCount: 3,
  apiEndpoint: null,
  eol: new Date("2027-01-01T00:00:00Z"),
  protected: false,
  goneAt: null,
  firstSeenAt: new Date("2026-11-01T10:00:00.5Z"),
  lastSeenAt: new Date("2026-11-30T10:00:00Z"),
  providerCreatedAt: new Date("2026-10-01T08:00:00Z"),
  // the provider's clock ran ahead of the sync
  providerUpdatedAt: new Date("2026-12-05T00:00:00Z"),
};
const conn = (syncedAt: string | null): Map<string, ConnectionSummary> => new Map([["k1", { id: "k1", name: "prod account", state: "fresh", syncedAt } as ConnectionSummary]]);
const json = (r: SnapRow) => JSON.parse(JSON.stringify({ ...r, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v instanceof Date).map(([k, v]) => [k, (v as Date).toISOString().replace(/\.?0*Z$/, "")])) })) as Record<string, unknown>;

describe("toRow", () => {
  const now = new Date("2026-12-01T12:00:00Z");

  it("maps a row read as JSON and the same row read through Prisma to the same answer", () => {
    for (const syncedAt of [null, "2026-12-01T11:00:00.000Z", "2026-11-01T00:00:00.000Z"]) {
      expect(toRow(snapRowFromJson(json(base)), conn(syncedAt), new Map(), now)).toEqual(toRow(listRowOf(base), conn(syncedAt), new Map(), now));
    }
  });

  it("shows the later of the row's last sighting and the connection's sync, and no provider time after it", () => {
    const row = toRow(listRowOf(base), conn("2026-12-01T11:00:00.000Z"), new Map(), now);
    expect(row.lastSeenAt).toBe("2026-12-01T11:00:00.000Z");
    expect(row.updatedAt).toBe("2026-12-01T11:00:00.000Z");
    expect(row.createdAt).toBe("2026-10-01T08:00:00.000Z");
    expect(row.firstSeenAt).toBe("2026-11-01T10:00:00.500Z");
    expect(row.eolState).toBe("soon");
    const older = toRow(listRowOf(base), conn("2026-11-01T00:00:00.000Z"), new Map(), now);
    expect(older.lastSeenAt).toBe("2026-11-30T10:00:00.000Z");
    const gone = toRow(listRowOf({ ...base, goneAt: new Date("2026-11-30T10:00:00Z") }), conn("2026-12-01T11:00:00.000Z"), new Map(), now);
    expect(gone.lastSeenAt).toBe("2026-11-30T10:00:00.000Z");
    expect(gone.goneAt).toBe("2026-11-30T10:00:00.000Z");
  });
});
