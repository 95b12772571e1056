/** Long-running operations, and Compute Engine's instance-group managers the node pools link to. */
import { gError, igmName, operationView } from "../wire";
import { Handler } from "./shared";

export const getOperation: Handler = (ctx) => {
  const o = ctx.state.operations.get(ctx.req.params.operation);
  if (!o || o.project !== ctx.project || o.location !== ctx.location) return gError("NOT_FOUND", `Not found: operation ${ctx.req.params.operation}.`);
  return { status: 200, body: operationView(ctx.state, ctx.wire, o) };
};

export const listOperations: Handler = (ctx) => {
  const ops = [...ctx.state.operations.values()].filter((o) => o.project === ctx.project && (ctx.location === "-" || o.location === ctx.location));
  return { status: 200, body: { operations: ops.map((o) => operationView(ctx.state, ctx.wire, o)) } };
};

/** Compute Engine instanceGroupManagers.get: the node pools' instance groups (their targetSize is the pool's size in that zone) */
export const getIgm: Handler = (ctx) => {
  const { zone, igm } = ctx.req.params;
  for (const c of ctx.state.clusters.values()) {
    if (c.project !== ctx.project) continue;
    for (const p of c.pools) {
      if (igmName(c, p) === igm && p.locations.includes(zone)) {
        return {
          status: 200,
          body: {
            kind: "compute#instanceGroupManager",
            id: String(BigInt(`0x${p.igmSuffix}`) * 1000003n),
            name: igm,
            zone: `https://www.googleapis.com/compute/v1/projects/${ctx.project}/zones/${zone}`,
            baseInstanceName: igm.replace(/-grp$/, ""),
            targetSize: p.sizePerZone,
            status: { isStable: p.status === "RUNNING" },
            selfLink: `https://www.googleapis.com/compute/v1/projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${igm}`,
          },
        };
      }
    }
  }
  return { status: 404, body: { error: { code: 404, message: `The resource 'projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${igm}' was not found`, errors: [{ message: `The resource 'projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${igm}' was not found`, domain: "global", reason: "notFound" }] } } };
};
