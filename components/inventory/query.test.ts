import { describe, expect, it } from "vitest";
import { activeFilterCount, apiQueryString, clearFilters, csvHref, DEFAULT_PAGE_SIZE, defaultPageSizeFor, pageQueryString, parseClusterQuery, PHONE_PAGE_SIZE } from "./query";
import { acceptAll, reconcile } from "./stable-rows";

describe("clusters view URL state", () => {
  it("parses filters, defaults and junk", () => {
    const q = parseClusterQuery(new URLSearchParams("provider=nks,rafay,nks&status=failed&issues=1&q=prod%20-%22edge%20store%22&sort=-version&page=3&pageSize=9999&group=scope&eol=past,bogus"));
    expect(q.provider).toEqual(["nks", "rafay"]);
    expect(q.status).toEqual(["failed"]);
    expect(q.issues).toBe(true);
    expect(q.q).toBe('prod -"edge store"');
    expect(q.sort).toBe("-version");
    expect(q.page).toBe(3);
    expect(q.pageSize).toBe(500);
    expect(q.group).toBe("scope");
    expect(q.eol).toEqual(["past"]);
    const d = parseClusterQuery(new URLSearchParams("sort=bogus&page=-2&group=nope"));
    expect(d).toMatchObject({ sort: "name", page: 1, pageSize: 50, group: "" });
  });

  it("round-trips through the page URL; the API never sees client-only keys or defaults", () => {
    const q = parseClusterQuery(new URLSearchParams("provider=nks&group=provider&sort=provider&q=a%20b"));
    expect(parseClusterQuery(new URLSearchParams(pageQueryString(q)))).toEqual(q);
    const api = new URLSearchParams(apiQueryString(q));
    expect(api.get("group")).toBeNull();
    expect(api.get("page")).toBeNull();
    expect(api.get("sort")).toBe("provider");
    expect(apiQueryString(parseClusterQuery(new URLSearchParams("")))).toBe("");
  });

  it("a phone's default page size comes from its client hint, else from a mobile User-Agent", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    const pixelUa = "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";
    const desktopUa = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
    expect(defaultPageSizeFor(h({ "sec-ch-ua-mobile": "?1", "user-agent": pixelUa }))).toBe(PHONE_PAGE_SIZE);
    expect(defaultPageSizeFor(h({ "sec-ch-ua-mobile": "?0", "user-agent": desktopUa }))).toBe(DEFAULT_PAGE_SIZE);
    // the hint wins over the User-Agent (a tablet in desktop mode, a phone asking for the desktop site)
    expect(defaultPageSizeFor(h({ "sec-ch-ua-mobile": "?0", "user-agent": pixelUa }))).toBe(DEFAULT_PAGE_SIZE);
    // Safari and Firefox send no hints
    expect(defaultPageSizeFor(h({ "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1" }))).toBe(PHONE_PAGE_SIZE);
    expect(defaultPageSizeFor(h({ "user-agent": "Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0" }))).toBe(PHONE_PAGE_SIZE);
    expect(defaultPageSizeFor(h({ "user-agent": desktopUa }))).toBe(DEFAULT_PAGE_SIZE);
    expect(defaultPageSizeFor(h({}))).toBe(DEFAULT_PAGE_SIZE);
  });

  it("with a phone's default, the page URL always names the page size, so it means the same page on any device", () => {
    const phone = parseClusterQuery(new URLSearchParams("provider=nks&page=3"), PHONE_PAGE_SIZE);
    expect(phone.pageSize).toBe(PHONE_PAGE_SIZE);
    expect(parseClusterQuery(new URLSearchParams("pageSize=junk"), PHONE_PAGE_SIZE).pageSize).toBe(PHONE_PAGE_SIZE);
    expect(parseClusterQuery(new URLSearchParams("pageSize=100"), PHONE_PAGE_SIZE).pageSize).toBe(100);
    // the API gets the size it is not the default of
    expect(new URLSearchParams(apiQueryString(phone)).get("pageSize")).toBe(String(PHONE_PAGE_SIZE));
    for (const pageSize of [PHONE_PAGE_SIZE, DEFAULT_PAGE_SIZE, 100]) {
      const qs = pageQueryString({ ...phone, pageSize }, PHONE_PAGE_SIZE);
      expect(new URLSearchParams(qs).get("pageSize")).toBe(String(pageSize));
      // read back on a phone and on a desktop: the same query
      expect(parseClusterQuery(new URLSearchParams(qs), PHONE_PAGE_SIZE)).toEqual({ ...phone, pageSize });
      expect(parseClusterQuery(new URLSearchParams(qs))).toEqual({ ...phone, pageSize });
    }
    // a desktop's URLs stay as short as before
    expect(pageQueryString(parseClusterQuery(new URLSearchParams("")))).toBe("");
  });

  it("CSV export keeps the filters and drops paging", () => {
    const href = csvHref(parseClusterQuery(new URLSearchParams("provider=rafay&page=4&pageSize=100")));
    const u = new URL(href, "http://x");
    expect(u.pathname).toBe("/api/v1/clusters");
    expect(u.searchParams.get("format")).toBe("csv");
    expect(u.searchParams.get("provider")).toBe("rafay");
    expect(u.searchParams.get("page")).toBeNull();
  });

  it("counts and clears filters but keeps sort and page size", () => {
    const q = parseClusterQuery(new URLSearchParams("provider=nks&version=1.30&issues=1&q=x&sort=-nodes&pageSize=100&page=2"));
    expect(activeFilterCount(q)).toBe(4);
    const c = clearFilters(q);
    expect(activeFilterCount(c)).toBe(0);
    expect(c).toMatchObject({ sort: "-nodes", pageSize: 100, page: 1 });
  });
});

describe("stable rows under background refreshes", () => {
  const r = (id: string, v = 0) => ({ id, v });

  it("keeps positions, updates contents, announces new rows and keeps rows that left", () => {
    const first = acceptAll("k", [r("a"), r("b"), r("c")], 1);
    // refresh: b changed and now sorts first, c vanished, d and e are new
    const next = reconcile(first, "k", [r("b", 1), r("d"), r("a"), r("e")], 2);
    expect(next.rows.map((x) => [x.row.id, x.left])).toEqual([
      ["a", false],
      ["b", false],
      ["c", true],
    ]);
    expect(next.rows[1].row.v).toBe(1);
    expect(next.newIds).toEqual(["d", "e"]);
    expect(next.leftIds).toEqual(["c"]);
    // the next refresh still counts from what the user accepted
    const again = reconcile(next, "k", [r("a"), r("b"), r("c"), r("d")], 3);
    expect(again.newIds).toEqual(["d"]);
    expect(again.leftIds).toEqual([]);
  });

  it("shows the server's list as is for a new view or on demand", () => {
    const first = acceptAll("k", [r("a"), r("b")], 1);
    const other = reconcile(first, "k2", [r("z"), r("a")], 2);
    expect(other.rows.map((x) => x.row.id)).toEqual(["z", "a"]);
    expect(other.newIds).toEqual([]);
  });
});
