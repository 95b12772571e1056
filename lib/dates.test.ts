import { describe, expect, it } from "vitest";
import { isoDateTime, isoDay } from "./dates";

describe("isoDay / isoDateTime", () => {
  it("spell a Date or an ISO text as the UTC day and the UTC time to the second", () => {
    expect(isoDay(new Date("2026-03-31T23:30:00-02:00"))).toBe("2026-04-01");
    expect(isoDay("2026-03-31")).toBe("2026-03-31");
    expect(isoDateTime("2026-03-31T14:05:09.123Z")).toBe("2026-03-31 14:05:09");
  });
  it("give null for no date or an unparseable one", () => {
    for (const d of [null, undefined, "", "not a date", new Date(Number.NaN)]) {
      expect(isoDay(d)).toBeNull();
      expect(isoDateTime(d)).toBeNull();
    }
  });
});
