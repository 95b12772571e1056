import { type SimHandler } from "@/simulators/kit/server";
import { MKS_VERSIONS } from "../catalog";
import { apiError } from "../errors";
import { asObj, specVersion, startDelete, startProvision, startUpdate, startUpgrade } from "../lifecycle";
import { STATUS_FAILED, STATUS_OK, type SimCluster } from "../model";
import { compareKubeVersions, minorDistance } from "@/lib/kube-version";
import { validateClusterApply } from "../validate";
import { clusterView, INFRA_API, listView } from "../views";
import { INFRA, VERSIONS_SEGMENT, aksPools, bootstrapYaml, isPage, paginate, type RouteKit } from "./kit";

export function clustersRoutes({ r, state, g, project, isProject, clusterIn, isCluster }: RouteKit): void {
  // ---- clusters -------------------------------------------------------------------------
  r.get(`${INFRA}/projects/:project/clusters`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const page = paginate(req, state.clustersIn(p.name));
    if (!isPage(page)) return page;
    return { status: 200, body: listView(INFRA_API, "ClusterList", page.items.map(clusterView), page.count, page.offset, page.limit) };
  }));

  r.post(`${INFRA}/projects/:project/clusters`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const checked = validateClusterApply(req.body, p.name, state);
    if (!checked.ok) return apiError(400, checked.message);
    const input = checked.value;
    const now = state.now();
    const existing = state.cluster(p.name, input.name);
    const desired = specVersion(input.spec);

    if (!existing) {
      if (input.spec.type === "mks" && !(MKS_VERSIONS.supported as readonly string[]).includes(desired!)) {
        return apiError(400, `kubernetes version ${desired} is not supported for mks clusters; supported: ${MKS_VERSIONS.supported.join(", ")}`);
      }
      const c: SimCluster = {
        project: p.name,
        name: input.name,
        id: state.newId(),
        createdAt: now,
        modifiedAt: now,
        description: input.description,
        labels: input.labels,
        annotations: input.annotations,
        spec: input.spec,
        kubeVersion: null,
        appliedBlueprint: null,
        endpoint: null,
        conditions: [],
        common: { conditionStatus: 1, conditionType: "", reason: "", lastUpdated: now },
        lastTasksets: [],
      };
      if (input.spec.type === "aks") c.aksPools = aksPools(state, input.spec, now);
      startProvision(c, now, state.takeFailure("provision"));
      state.putCluster(c);
      return { status: 200, body: clusterView(c) };
    }

    if (req.query.get("fail-on-exists") === "true") return apiError(409, `cluster "${input.name}" already exists in project "${p.name}"`);
    if (existing.op?.kind === "delete") return apiError(409, `cluster "${input.name}" is being deleted`);
    if (existing.op) return apiError(409, `cluster "${input.name}" has an operation in progress; apply again once it has finished`);
    if (existing.spec.type !== input.spec.type) return apiError(400, `spec.type cannot change from "${existing.spec.type}" to "${input.spec.type}"`);

    // a failed bring-up is retried by applying again (the provisioning restarts)
    const neverProvisioned = existing.common.conditionStatus === STATUS_FAILED && existing.provisionStatus === "INFRA_CREATION_FAILED";
    const current = existing.kubeVersion;
    let upgradeTo: string | null = null;
    if (!neverProvisioned && desired && current && compareKubeVersions(desired, current) !== 0) {
      if (compareKubeVersions(desired, current) < 0) return apiError(400, `downgrading kubernetes from ${current} to ${desired} is not supported`);
      if (input.spec.type === "mks" && !(MKS_VERSIONS.supported as readonly string[]).includes(desired)) {
        return apiError(400, `kubernetes version ${desired} is not supported for mks clusters; supported: ${MKS_VERSIONS.supported.join(", ")}`);
      }
      // [uncertain] docs/providers/rafay.md §11.6: enforced because MKS upgrades with kubeadm, which moves one minor at a time
      if ((minorDistance(current, desired) ?? 0) > 1) return apiError(400, `upgrading from ${current} to ${desired} skips a minor version; upgrade one minor version at a time`);
      if (existing.common.conditionStatus !== STATUS_OK && existing.common.conditionStatus !== STATUS_FAILED) {
        return apiError(409, `cluster "${input.name}" is not ready for an upgrade`);
      }
      upgradeTo = desired;
    }
    const blueprintChanged =
      existing.appliedBlueprint !== null &&
      (existing.appliedBlueprint.name !== input.spec.blueprint!.name ||
        existing.appliedBlueprint.version !== state.resolveBlueprintVersion(p.name, input.spec.blueprint!.name, input.spec.blueprint!.version));

    existing.spec = input.spec;
    existing.labels = input.labels;
    existing.annotations = input.annotations;
    existing.description = input.description;
    existing.modifiedAt = now;
    if (neverProvisioned) startProvision(existing, now, state.takeFailure("provision"));
    else if (upgradeTo) startUpgrade(existing, now, upgradeTo, state.takeFailure("upgrade"));
    else if (blueprintChanged) startUpdate(existing, now);
    return { status: 200, body: clusterView(existing) };
  }));

  const versions: SimHandler = (req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    if (req.params.name) {
      const c = clusterIn(p.name, req.params.name);
      if (!isCluster(c)) return c;
    }
    const b = asObj(req.body);
    if (typeof b.cluster_type !== "string" || !b.cluster_type) return apiError(400, "cluster_type is required");
    if (b.cluster_type !== "mks") return apiError(400, `listing kubernetes versions is not supported for cluster type "${b.cluster_type}"; only mks is supported`);
    const list = b.include_deprecated_versions === true ? [...MKS_VERSIONS.deprecated, ...MKS_VERSIONS.supported] : [...MKS_VERSIONS.supported];
    return { status: 200, body: { kubernetes_versions: list, default_version: MKS_VERSIONS.default, latest_version: MKS_VERSIONS.latest } };
  };
  r.post(`${INFRA}/projects/:project/clusters/${VERSIONS_SEGMENT}`, g(versions));
  r.post(`${INFRA}/projects/:project/clusters/:name/${VERSIONS_SEGMENT}`, g(versions));

  const getCluster: SimHandler = (req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const c = clusterIn(p.name, req.params.name);
    return isCluster(c) ? { status: 200, body: clusterView(c) } : c;
  };
  r.get(`${INFRA}/projects/:project/clusters/:name`, g(getCluster));
  r.get(`${INFRA}/projects/:project/clusters/:name/status`, g(getCluster));

  r.delete(`${INFRA}/projects/:project/clusters/:name`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const c = clusterIn(p.name, req.params.name);
    if (!isCluster(c)) return c;
    // deleting is allowed mid-operation (it supersedes it); a repeated DELETE is a no-op
    if (c.op?.kind !== "delete") startDelete(c, state.now());
    return { status: 200 };
  }));

  r.get(`${INFRA}/projects/:project/clusters/:name/bootstrap`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const c = clusterIn(p.name, req.params.name);
    if (!isCluster(c)) return c;
    if (c.spec.type !== "imported") return apiError(400, `bootstrap is only available for imported clusters; "${c.name}" is of type ${c.spec.type}`);
    return { status: 200, text: bootstrapYaml(c), headers: { "Content-Type": "application/x-rafay-yaml" } };
  }));
}
