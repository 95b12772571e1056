import { detail, fieldErrors, notFound } from "../errors";
import type { SimOrg, SimTeam } from "../model";
import { isoMicro } from "../state";
import { isObject, stringField, type FieldErrors } from "../validate";
import { memberView, teamView } from "../views";
import { noContent, ok, pk, type RouteKit } from "./kit";

const slugify = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

/**
 * Teams and org members (DOCS _teams.md, _members.md; SDK nks/teams.go, SDK-mock team(s).json).
 * A PATCH with `memberships` replaces the whole list (DOCS warns about this); each entry names the
 * user by pk (`{"user": 3}`) or, as the SDK's Membership struct sends it, by a user object.
 */
export function teamRoutes(k: RouteKit) {
  const { r, st, inOrg, withBody } = k;
  const teamIn = (org: SimOrg, id: string) => {
    const t = st.teams.get(pk(id) ?? -1);
    return t && t.org === org.pk ? t : undefined;
  };
  /** the memberships list of a request → user pks (members of the org), or field errors */
  const membershipUsers = (org: SimOrg, raw: unknown): { ok: number[] } | { errors: FieldErrors } => {
    if (raw === undefined || raw === null) return { ok: [] };
    if (!Array.isArray(raw)) return { errors: { memberships: [`Expected a list of items but got type "${typeof raw}".`] } };
    const users: number[] = [];
    for (const m of raw) {
      const u = isObject(m) ? (isObject(m.user) ? m.user.pk : m.user) : undefined;
      if (typeof u !== "number" || !st.membership(u, org.pk)) return { errors: { memberships: [`Invalid pk "${String(u)}" - object does not exist.`] } };
      if (!users.includes(u)) users.push(u);
    }
    return { ok: users };
  };
  const setMembers = (t: SimTeam, users: number[], at: number) => {
    t.memberships = users.map((u) => t.memberships.find((m) => m.user === u) ?? { pk: st.nextId("team-membership", 7001), user: u, created: isoMicro(at) });
  };

  r.get("/orgs/:org/teams", inOrg(({ org }) => ok([...st.teams.values()].filter((t) => t.org === org.pk).sort((a, b) => a.pk - b.pk).map((t) => teamView(st, t)))));
  r.post("/orgs/:org/teams", inOrg(({ req, org }) =>
    withBody(req, (b) => {
      const name = stringField(b, "name", 128);
      if ("errors" in name) return fieldErrors(name.errors);
      if ([...st.teams.values()].some((t) => t.org === org.pk && t.name === name.ok)) return fieldErrors({ name: ["A team with this name already exists."] });
      const members = membershipUsers(org, b.memberships);
      if ("errors" in members) return fieldErrors(members.errors);
      const at = st.now();
      const team: SimTeam = { pk: st.nextId("team", 12160), name: name.ok, slug: slugify(name.ok) || `team-${org.pk}`, org: org.pk, is_org_wide: b.is_org_wide === true, created: isoMicro(at), memberships: [] };
      setMembers(team, members.ok, at);
      st.teams.set(team.pk, team);
      return ok(teamView(st, team), 201);
    })));
  r.get("/orgs/:org/teams/:team", inOrg(({ req, org }) => {
    const t = teamIn(org, req.params.team);
    return t ? ok(teamView(st, t)) : notFound();
  }));
  r.patch("/orgs/:org/teams/:team", inOrg(({ req, org }) => {
    const t = teamIn(org, req.params.team);
    if (!t) return notFound();
    return withBody(req, (b) => {
      if (b.name !== undefined) {
        const name = stringField(b, "name", 128);
        if ("errors" in name) return fieldErrors(name.errors);
        t.name = name.ok;
      }
      if (typeof b.is_org_wide === "boolean") t.is_org_wide = b.is_org_wide;
      if (b.memberships !== undefined) {
        const members = membershipUsers(org, b.memberships);
        if ("errors" in members) return fieldErrors(members.errors);
        setMembers(t, members.ok, st.now());
      }
      return ok(teamView(st, t));
    });
  }));
  r.delete("/orgs/:org/teams/:team", inOrg(({ req, org }) => {
    const t = teamIn(org, req.params.team);
    if (!t) return notFound();
    st.teams.delete(t.pk);
    return noContent();
  }));

  // ---- members of the org ----
  const memberIn = (org: SimOrg, id: string) => {
    const m = st.memberships.find((x) => x.pk === (pk(id) ?? -1));
    return m && m.org === org.pk ? m : undefined;
  };
  r.get("/orgs/:org/members", inOrg(({ org }) => ok(st.memberships.filter((m) => m.org === org.pk).sort((a, b) => a.pk - b.pk).map((m) => memberView(st, m)))));
  r.get("/orgs/:org/members/:member", inOrg(({ req, org }) => {
    const m = memberIn(org, req.params.member);
    return m ? ok(memberView(st, m)) : notFound();
  }));
  r.delete("/orgs/:org/members/:member", inOrg(({ req, org }) => {
    const m = memberIn(org, req.params.member);
    if (!m) return notFound();
    // [inferred] an organization keeps at least one owner
    if (m.role === "owner" && st.memberships.filter((x) => x.org === org.pk && x.role === "owner").length === 1) return detail(400, "The last owner of an organization can't be removed.");
    st.memberships = st.memberships.filter((x) => x !== m);
    for (const t of st.teams.values()) if (t.org === org.pk) t.memberships = t.memberships.filter((x) => x.user !== m.user);
    return noContent();
  }));
}
