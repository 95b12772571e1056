import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKubeVersions, eolLookup, eolStateChangesAt, eolStateOf, isPlainKubeVersion, kubeMinor, kubeVersionMatches, kubeVersionSortKey, kubeVersionText, minorDistance, normalizeKubeVersion, parseKubeVersion, sameKubeVersion } from ".";

describe("parseKubeVersion", () => {
  it.each([
    ["v1.30.2", { major: 1, minor: 30, patch: 2, build: "" }],
    ["1.30", { major: 1, minor: 30, patch: null, build: "" }],
    ["1.30.2-gke.1000", { major: 1, minor: 30, patch: 2, build: "gke.1000" }],
    ["v1.29.3+k3s1", { major: 1, minor: 29, patch: 3, build: "k3s1" }],
    ["1.28-eks-8e3f2c1", { major: 1, minor: 28, patch: null, build: "eks-8e3f2c1" }],
    [" V1.31.1 ", { major: 1, minor: 31, patch: 1, build: "" }],
  ])("%s", (text, want) => expect(parseKubeVersion(text)).toEqual(want));

  it.each(["", "latest", "1", "v", "1.x", "x1.30", "1.30.2.4", null, undefined])("%s is unparseable", (text) => {
    expect(parseKubeVersion(text as string)).toBeNull();
    expect(normalizeKubeVersion(text as string)).toBeNull();
    expect(kubeMinor(text as string)).toBeNull();
    expect(kubeVersionSortKey(text as string)).toBeNull();
  });

  it("normalizes to the shared model's spelling", () => {
    expect(normalizeKubeVersion("v1.30.2-gke.1000")).toBe("1.30.2");
    expect(normalizeKubeVersion("1.28-eks-abc")).toBe("1.28");
    expect(sameKubeVersion("v1.29.3+k3s1", "1.29.3")).toBe(true);
    expect(sameKubeVersion("junk", "junk")).toBe(false);
  });
});

describe("compareKubeVersions", () => {
  it("orders numerically, suffixes naturally, unparseable lowest", () => {
    const sorted = ["1.30.2-gke.1000", "junk", "1.9.0", "1.30", "1.30.2", "1.30.2-gke.900", "v1.31.0", "1.30.10"].sort(compareKubeVersions);
    expect(sorted).toEqual(["junk", "1.9.0", "1.30", "1.30.2", "1.30.2-gke.900", "1.30.2-gke.1000", "1.30.10", "v1.31.0"]);
  });

  const version = fc.oneof(
    fc.tuple(fc.nat(3), fc.nat(40), fc.option(fc.nat(30)), fc.constantFrom("", "-gke.100", "-gke.1000", "+k3s1", "-eks-1")).map(([a, b, c, s]) => `${a}.${b}${c === null ? "" : `.${c}`}${s}`),
    fc.string(),
  );
  it("is a total order (antisymmetric, transitive) with unparseable versions lowest", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(compareKubeVersions(a, b))).toBe(-Math.sign(compareKubeVersions(b, a)) || 0);
        if (compareKubeVersions(a, b) <= 0 && compareKubeVersions(b, c) <= 0) expect(compareKubeVersions(a, c)).toBeLessThanOrEqual(0);
        if (parseKubeVersion(a) && !parseKubeVersion(b)) expect(compareKubeVersions(a, b)).toBe(1);
      }),
    );
  });
  it("agrees with the sort key on parsed versions with patches", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(3), fc.nat(99), fc.nat(99)), fc.tuple(fc.nat(3), fc.nat(99), fc.nat(99)), (x, y) => {
        const a = x.join(".");
        const b = y.join(".");
        expect(Math.sign(compareKubeVersions(a, b))).toBe(Math.sign(kubeVersionSortKey(a)!.localeCompare(kubeVersionSortKey(b)!)));
      }),
    );
  });
});

describe("minorDistance", () => {
  it("counts minors in the same major", () => {
    expect(minorDistance("1.29.4", "v1.31.0-gke.1")).toBe(2);
    expect(minorDistance("1.31", "1.30")).toBe(-1);
    expect(minorDistance("1.30", "2.0")).toBeNull();
    expect(minorDistance("junk", "1.30")).toBeNull();
  });
});

describe("end of life", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  it("classifies past, soon, ok and unknown", () => {
    expect(eolStateOf("2026-05-31", now)).toBe("past");
    expect(eolStateOf("2026-06-01", now)).toBe("soon");
    expect(eolStateOf("2026-12-01", now)).toBe("ok");
    expect(eolStateOf(null, now)).toBe("unknown");
    expect(eolStateOf("not a date", now)).toBe("unknown");
  });
  it("names the first instant the state changes, and it does change there", () => {
    for (const eol of ["2026-05-31", "2026-06-01", "2026-12-01", "2026-08-30"]) {
      const at = eolStateChangesAt(eol, now);
      if (at === Infinity) {
        expect(eolStateOf(eol, now)).toBe("past");
        continue;
      }
      expect(at).toBeGreaterThan(now.getTime());
      expect(eolStateOf(eol, new Date(at - 1))).toBe(eolStateOf(eol, now));
      expect(eolStateOf(eol, new Date(at))).not.toBe(eolStateOf(eol, now));
    }
    expect(eolStateChangesAt(null, now)).toBe(Infinity);
  });
  it("looks up a patch through its minor", () => {
    const eol = eolLookup([{ version: "v1.30.0", eol: "2026-07-01" }, { version: "1.31", eol: null }]);
    expect(eol("1.30.5-gke.1")?.toISOString()).toBe("2026-07-01T23:59:59.999Z");
    expect(eol("1.31.2")).toBeNull();
    expect(eol("junk")).toBeNull();
  });
});

describe("kubeVersionText", () => {
  it("drops blanks and the v, keeps the build", () => {
    expect(kubeVersionText(" v1.30.2-gke.1000 ")).toBe("1.30.2-gke.1000");
    expect(kubeVersionText("V1.29.3+k3s1")).toBe("1.29.3+k3s1");
    expect(kubeVersionText("1.30")).toBe("1.30");
    expect(kubeVersionText("latest")).toBeNull();
    expect(kubeVersionText(null)).toBeNull();
  });
  it("is parseable exactly when normalizeKubeVersion is, and normalizes the same", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const t = kubeVersionText(s);
        expect(t === null).toBe(normalizeKubeVersion(s) === null);
        if (t !== null) expect(normalizeKubeVersion(t)).toBe(normalizeKubeVersion(s));
      }),
    );
  });
});

describe("kubeVersionMatches", () => {
  it.each([
    ["1.35.2", "1.35", true],
    ["v1.35", "1.35", true],
    ["1.36.0", "1.35", false],
    ["1.30.2-gke.5", "1.30.2", true],
    ["1.30.2-gke.5", "1.30.2-gke.5", true],
    ["1.30.2-gke.4", "1.30.2-gke.5", false],
    ["1.30.2", "1.30.2-gke.5", false],
    ["1.30.3", "1.30.2", false],
    ["1.30", "1.30.2", false],
    ["junk", "1.30", false],
    ["1.30.2", "junk", false],
  ] as const)("%s within %s: %s", (version, wanted, want) => expect(kubeVersionMatches(version, wanted)).toBe(want));
});

describe("isPlainKubeVersion", () => {
  it.each([
    ["1.30", true],
    ["v1.30.2", true],
    ["1.30.2-gke.5", false],
    ["1.30.2.1", false],
    ["latest", false],
    ["", false],
  ] as const)("%s: %s", (text, want) => expect(isPlainKubeVersion(text)).toBe(want));
});

describe("upstreamEol", () => {
  it("knows current and historical minors, any patch or spelling, and nothing else", async () => {
    const { upstreamEol } = await import(".");
    expect(upstreamEol("1.35.4")).toBe("2027-02-28");
    expect(upstreamEol("v1.15.5")).toBe("2020-05-06");
    expect(upstreamEol("v1.13.1")).toBe("2019-10-15");
    expect(upstreamEol("1.14")).toBe("2019-12-11");
    expect(upstreamEol("1.9.6")).toBeNull();
    expect(upstreamEol("banana")).toBeNull();
  });
});
