import { MINUTE } from "@/simulators/kit/clock";
import { detail, fieldErrors, notFound } from "../errors";
import type { SimIstioMesh } from "../model";
import { isoMicro } from "../state";
import { choice, isObject, stringField, REQUIRED, type FieldErrors } from "../validate";
import { istioMeshView } from "../views";
import { noContent, ok, pk, type RouteKit } from "./kit";

/** mesh types and member roles seen in the SDK (nks/istio_meshes_test.go, SDK-mock istiomesh.json) */
export const MESH_TYPES = ["cross_cluster"];
export const MESH_ROLES = ["host", "guest"];
/** pending → active, deleting → gone [inferred timings; the SDK only waits for `active` and for the 404] */
export const MESH = { active: 3 * MINUTE, gone: 2 * MINUTE };

/**
 * Istio meshes (SDK nks/istio_meshes.go). Listed and created under a workspace; deleted under the org
 * (`DELETE /orgs/{org}/istio-meshes/{mesh}`). There is no GET of one mesh: the SDK finds it in the list.
 * Members must be running clusters of that workspace with the `istio` solution installed, one `host`
 * and at least one `guest`, each in no other mesh [inferred from the SDK's live test, which installs
 * Istio on both clusters before it creates the mesh].
 */
export function istioMeshRoutes(k: RouteKit) {
  const { r, st, inOrg, withBody, workspaceIn } = k;

  r.get("/orgs/:org/workspaces/:ws/istio-meshes", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    if (!w) return notFound();
    return ok([...st.meshes.values()].filter((m) => m.workspace === w.pk).sort((a, b) => a.pk - b.pk).map((m) => istioMeshView(st, m)));
  }));

  r.post("/orgs/:org/workspaces/:ws/istio-meshes", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    if (!w) return notFound();
    return withBody(req, (b) => {
      const errors: FieldErrors = {};
      const name = stringField(b, "name", 128);
      if ("errors" in name) Object.assign(errors, name.errors);
      const type = typeof b.mesh_type === "string" && b.mesh_type ? b.mesh_type : undefined;
      if (!type) errors.mesh_type = [REQUIRED];
      else if (!MESH_TYPES.includes(type)) errors.mesh_type = [choice(type)];
      if (b.workspace !== undefined && b.workspace !== null && b.workspace !== w.pk) errors.workspace = [`The mesh must be created in workspace ${w.pk}, the one in the URL.`];
      const members: { cluster: number; role: string }[] = [];
      const memberErrors: string[] = [];
      if (!Array.isArray(b.members) || b.members.length === 0) memberErrors.push(REQUIRED);
      else
        for (const m of b.members) {
          const cluster = isObject(m) ? (isObject(m.cluster) ? m.cluster.pk : m.cluster) : undefined;
          const role = isObject(m) ? m.role : undefined;
          const c = typeof cluster === "number" ? st.clusters.get(cluster) : undefined;
          if (!c || c.org !== org.pk) memberErrors.push(`Invalid pk "${String(cluster)}" - object does not exist.`);
          else if (typeof role !== "string" || !MESH_ROLES.includes(role)) memberErrors.push(`Role ${JSON.stringify(role ?? null)} of cluster ${c.pk} is not a valid choice (host or guest).`);
          else if (c.workspace !== w.pk) memberErrors.push(`Cluster ${c.pk} is not in workspace ${w.pk}.`);
          else if (c.state !== "running") memberErrors.push(`Cluster ${c.pk} is not running (state: ${c.state}).`);
          else if (![...st.solutions.values()].some((s) => s.cluster === c.pk && s.solution === "istio" && s.state === "installed")) memberErrors.push(`Cluster ${c.pk} needs the istio solution installed first.`);
          else if ([...st.meshes.values()].some((x) => x.members.some((y) => y.cluster === c.pk))) memberErrors.push(`Cluster ${c.pk} already belongs to a mesh.`);
          else if (members.some((x) => x.cluster === c.pk)) memberErrors.push(`Cluster ${c.pk} is listed twice.`);
          else members.push({ cluster: c.pk, role });
        }
      if (!memberErrors.length && members.filter((m) => m.role === "host").length !== 1) memberErrors.push("A mesh needs exactly one host cluster.");
      if (!memberErrors.length && members.length < 2) memberErrors.push("A cross-cluster mesh needs at least one guest cluster.");
      if (memberErrors.length) errors.members = memberErrors;
      if (Object.keys(errors).length) return fieldErrors(errors);
      const at = st.now();
      const mesh: SimIstioMesh = {
        pk: st.nextId("mesh", 301), name: (name as { ok: string }).ok, mesh_type: type!, org: org.pk, workspace: w.pk, state: "pending",
        members: members.map((m) => ({ pk: st.nextId("mesh-member", 601), cluster: m.cluster, role: m.role, state: "pending", created: isoMicro(at), updated: isoMicro(at) })),
        created: isoMicro(at), updated: isoMicro(at),
      };
      st.meshes.set(mesh.pk, mesh);
      st.schedule(at + MESH.active, `mesh:${mesh.pk}:active`, (t) => {
        if (st.meshes.get(mesh.pk) !== mesh || mesh.state !== "pending") return;
        mesh.state = "active";
        mesh.updated = isoMicro(t);
        for (const m of mesh.members) Object.assign(m, { state: "active", updated: isoMicro(t) });
      });
      return ok(istioMeshView(st, mesh), 201);
    });
  }));

  r.delete("/orgs/:org/istio-meshes/:mesh", inOrg(({ req, org }) => {
    const mesh = st.meshes.get(pk(req.params.mesh) ?? -1);
    if (!mesh || mesh.org !== org.pk) return notFound();
    if (mesh.state === "deleting") return noContent();
    if (mesh.state === "pending") return detail(409, "Istio mesh is not ready for this operation (state: pending); try again once it is active.");
    const at = st.now();
    mesh.state = "deleting";
    mesh.updated = isoMicro(at);
    st.cancel(`mesh:${mesh.pk}:`);
    st.schedule(at + MESH.gone, `mesh:${mesh.pk}:gone`, () => st.meshes.delete(mesh.pk));
    return noContent();
  }));
}
