import { PROVIDERS } from "../catalog";
import { onPremisesConfigs } from "../on-premises";
import { fieldErrors, notFound } from "../errors";
import type { SimOrg } from "../model";
import { isoMicro } from "../state";
import { stringField } from "../validate";
import { machineSpecsView, orgView, profileView } from "../views";
import { ok, pk, type RouteKit } from "./kit";

/** The caller, organizations and /meta catalogues. */
export function accountRoutes(k: RouteKit) {
  const { r, st, authed, inOrg, withBody } = k;
  // ---- user ----
  r.get("/rest-auth/user", authed((_req, user) => ok(profileView(st, user))));
  r.get("/userprofile", authed((_req, user) => ok([profileView(st, user)])));
  r.get("/userprofile/:username", authed((req, user) => (st.users.get(user)!.username === req.params.username ? ok(profileView(st, user)) : notFound())));
  r.patch("/userprofile/:username", authed((req, user) => {
    const u = st.users.get(user)!;
    if (u.username !== req.params.username) return notFound();
    return withBody(req, (b) => {
      for (const f of ["email", "first_name", "last_name"] as const) if (typeof b[f] === "string") u[f] = b[f] as string;
      if (typeof b.full_name === "string") [u.first_name, u.last_name] = [b.full_name.split(" ")[0], b.full_name.split(" ").slice(1).join(" ")];
      return ok(profileView(st, user));
    });
  }));

  // ---- orgs ----
  const myOrgs = (user: number) => st.memberships.filter((m) => m.user === user).map((m) => st.orgs.get(m.org)!);
  r.get("/orgs", authed((_req, user) => ok(myOrgs(user).map(orgView))));
  // [uncertain] status: DRF create views answer 201; DOCS shows the body as every org of the user, newest first
  r.post("/orgs", authed((req, user) =>
    withBody(req, (b) => {
      const name = stringField(b, "name");
      if ("errors" in name) return fieldErrors(name.errors);
      const at = st.now();
      const org: SimOrg = { pk: st.nextId("org", 100), name: name.ok, slug: name.ok.toLowerCase().replace(/[^a-z0-9]+/g, "-"), logo: null, enable_experimental_features: false, created: isoMicro(at), updated: isoMicro(at) };
      st.orgs.set(org.pk, org);
      st.memberships.push({ pk: st.nextId("membership", 301), user, org: org.pk, role: "owner", is_default: false, created: org.created });
      const ws = st.nextId("workspace", 52);
      st.workspaces.set(ws, { pk: ws, name: "Default", slug: "default", org: org.pk, is_default: true, is_pinned: false, created: org.created });
      return ok([org, ...myOrgs(user).filter((o) => o.pk !== org.pk)].map(orgView), 201);
    })));
  r.get("/orgs/:org", inOrg((c) => ok(orgView(c.org)), false));
  r.patch("/orgs/:org", inOrg(({ req, org }) =>
    withBody(req, (b) => {
      const name = stringField(b, "name");
      if ("errors" in name) return fieldErrors(name.errors);
      org.name = name.ok;
      org.updated = isoMicro(st.now());
      return ok(orgView(org));
    })));

  // ---- meta ----
  r.get("/meta/provider-instances", authed((req) => {
    const provider = req.query.get("provider") ?? "";
    if (!provider) return fieldErrors({ provider: ["This field is required."] });
    if (!PROVIDERS[provider]) return fieldErrors({ provider: [`"${provider}" is not a valid choice.`] });
    return ok(machineSpecsView(provider));
  }));
  // the SDK's OnPremisesConfig envelope (on-premises.ts)
  r.get("/meta/on-premises-config", authed((req) => ok(onPremisesConfigs(req.query.get("version")))));
  // pass-through to the cloud's own API; nothing to pass through to here [uncertain shape] → empty list
  r.get("/provider/:provider/keyset/:keyset/proxy", authed((req, user) => {
    const ks = st.keysets.get(pk(req.params.keyset) ?? -1);
    if (!ks || !st.membership(user, ks.org) || ks.entity !== req.params.provider) return notFound();
    return ok([]);
  }));
}
