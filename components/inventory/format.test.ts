/** Counts read the same on the server and in every browser, without Intl (issue 20). */
import { describe, expect, it } from "vitest";
import { formatCount, plural } from "./format";

describe("formatCount", () => {
  it("groups thousands with commas, whatever the locale", () => {
    expect([0, 7, 999, 1000, 10_284, 1_234_567, -4321].map(formatCount)).toEqual(["0", "7", "999", "1,000", "10,284", "1,234,567", "-4,321"]);
    expect(formatCount(1.5)).toBe("1.5");
    expect(plural(10_284, "cluster")).toBe("10,284 clusters");
    expect(plural(1, "cluster")).toBe("1 cluster");
  });
});
