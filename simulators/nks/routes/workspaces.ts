import { detail, fieldErrors, notFound } from "../errors";
import { isoMicro } from "../state";
import { stringField } from "../validate";
import { workspaceView } from "../views";
import { noContent, ok, type RouteKit } from "./kit";

/** Workspaces of an organization. */
export function workspaceRoutes(k: RouteKit) {
  const { r, st, inOrg, withBody, workspaceIn } = k;
  r.get("/orgs/:org/workspaces", inOrg(({ org }) => ok([...st.workspaces.values()].filter((w) => w.org === org.pk).map((w) => workspaceView(st, w)))));
  r.post("/orgs/:org/workspaces", inOrg(({ req, org }) =>
    withBody(req, (b) => {
      const name = stringField(b, "name");
      if ("errors" in name) return fieldErrors(name.errors);
      if ([...st.workspaces.values()].some((w) => w.org === org.pk && w.name === name.ok)) return fieldErrors({ name: ["A workspace with this name already exists."] });
      // a slug the caller sends is kept (the SDK sends one); Django's SlugField rule applies to it
      const slug = typeof b.slug === "string" && b.slug ? b.slug : name.ok.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      if (!/^[-a-zA-Z0-9_]+$/.test(slug)) return fieldErrors({ slug: ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."] });
      const w = { pk: st.nextId("workspace", 52), name: name.ok, slug, org: org.pk, is_default: false, is_pinned: false, created: isoMicro(st.now()) };
      st.workspaces.set(w.pk, w);
      const { clusters: _c, federations: _f, user_solutions: _u, ...created } = workspaceView(st, w);
      return ok(created, 201);
    })));
    r.get("/orgs/:org/workspaces/:ws", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    return w ? ok(workspaceView(st, w)) : notFound();
  }));
  r.patch("/orgs/:org/workspaces/:ws", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    if (!w) return notFound();
    return withBody(req, (b) => {
      if (typeof b.name === "string" && b.name) w.name = b.name;
      if (typeof b.is_pinned === "boolean") w.is_pinned = b.is_pinned;
      return ok(workspaceView(st, w));
    });
  }));
  r.delete("/orgs/:org/workspaces/:ws", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    if (!w) return notFound();
    if (w.is_default) return detail(400, "The default workspace can't be deleted.");
    if ([...st.clusters.values()].some((c) => c.workspace === w.pk)) return detail(400, "Workspace still holds clusters; move or delete them first.");
    st.workspaces.delete(w.pk);
    return noContent();
  }));
}
