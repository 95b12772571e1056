/** Catalogues: Kubernetes versions, regions, machine specs. */
import type { SimRequest } from "../../kit/server";
import { GRPC } from "../config";
import { ApiError, items, regionJson, specJson, versionJson } from "../wire";
import type { ResourceRoutes } from "../routes";

export const cataloguesRoutes: ResourceRoutes = (api) => {
  const q = (req: SimRequest, name: string) => req.query.get(name);
  const loose = (value: string, filter: string | null) => !filter || value.toLowerCase().includes(filter.toLowerCase());
  // catalogues: `name` / `version` filters match loosely (substring), as the Terraform provider had to work around
  api("GET", "/kubernetes-version", "kubernetes_version.list", ({ req, region }) => {
    const active = q(req, "is_active");
    return items(
      region.versions
        .filter((v) => loose(v.version, q(req, "version")) && (active === null || String(v.isActive) === active) && loose(region.name, q(req, "region")))
        .map(versionJson),
    );
  });
  // one-region hosts still answer /region with their single region [assume]
  api("GET", "/region", "region.list", ({ req, region }) => items(loose(region.name, q(req, "name")) ? [regionJson(region)] : []));
  api("GET", "/region/:rid/machine-spec", "machine_spec.list", ({ req, region }) => {
    if (req.params.rid !== region.regionId) throw new ApiError(404, GRPC.NOT_FOUND, `region ${req.params.rid} not found`);
    return items(region.specs.filter((s) => loose(s.name, q(req, "name"))).map((s) => specJson(s, region)));
  });
  // [assume] the region-less list docs/providers/cloudferro.md proposes (mirrors the gRPC List with name/region filters)
  api("GET", "/machine-spec", "machine_spec.list", ({ req, region }) =>
    items(loose(region.name, q(req, "region")) ? region.specs.filter((s) => loose(s.name, q(req, "name"))).map((s) => specJson(s, region)) : []),
  );
};
