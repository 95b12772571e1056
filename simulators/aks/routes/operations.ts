/** Kubernetes versions of a location, and the async operations (status and result) ARM points to. */
import { randomUUID } from "node:crypto";
import { armError } from "../arm";
import { LOCATIONS, MINORS, upgradesFrom } from "../catalog";
import { ArmHandler, ok } from "./shared";

export const kubernetesVersions: ArmHandler = (state, req) => {
  const loc = req.params.location.toLowerCase();
  if (!LOCATIONS.includes(loc)) return armError(404, "LocationNotFound", `The location '${req.params.location}' is not available for subscription '${state.subscriptionId}'.`);
  return ok(200, {
    values: [...MINORS].reverse().map((m) => ({
      version: m.minor,
      capabilities: { supportPlan: m.supportPlan },
      ...(m.isDefault ? { isDefault: true } : {}),
      ...(m.isPreview ? { isPreview: true } : {}),
      patchVersions: Object.fromEntries(m.patches.map((p) => [p, { upgrades: upgradesFrom(p) }])),
    })),
  });
};

export const operationStatus: ArmHandler = (state, req) => {
  const op = state.operations.get(req.params.op);
  if (!op) return armError(404, "NotFound", `Operation '${req.params.op}' was not found.`);
  const iso = (t: number) => new Date(t).toISOString();
  const progress = op.status === "InProgress" ? Math.min(99, Math.floor(((state.now() - op.startedAt) / Math.max(1, op.doneAt - op.startedAt)) * 100)) : 100;
  return ok(200, {
    id: `/subscriptions/${state.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}/operations/${op.id}`,
    name: op.id,
    status: op.status,
    startTime: iso(op.startedAt),
    ...(op.endedAt ? { endTime: iso(op.endedAt) } : {}),
    percentComplete: progress,
    ...(op.status === "Failed" && op.error ? { error: op.error } : {}),
  });
};

export const operationResult: ArmHandler = (state, req, ctx) => {
  const op = state.operations.get(req.params.op);
  if (!op) return armError(404, "NotFound", `Operation '${req.params.op}' was not found.`);
  if (op.status === "InProgress") return ok(202, undefined, { Location: `${ctx.origin}${req.path}?api-version=${ctx.apiVersion}`, "Retry-After": "5" });
  if (op.status === "Failed") return armError(400, op.error?.code ?? "Failed", op.error?.message ?? "The operation failed.");
  return { status: 204, headers: { "x-ms-request-id": randomUUID() } };
};
