/** Backups (out of the dashboard's scope; kept so the documented routes exist). */
import { GRPC } from "../config";
import { ApiError, invalid, items, ts } from "../wire";
import { isObject } from "../validate";
import type { ResourceRoutes } from "../routes";

export const backupsRoutes: ResourceRoutes = (api, state) => {
  api("GET", "/cluster/:id/backup", "backup.manage", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    return items(c.backups.map((b) => backupJson(b, c.id)));
  });
  api("GET", "/cluster/:id/backup/:bid", "backup.manage", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    const b = c.backups.find((x) => x.id === req.params.bid);
    if (!b) throw new ApiError(404, GRPC.NOT_FOUND, `backup ${req.params.bid} not found`);
    return backupJson(b, c.id);
  });
  api("PUT", "/cluster/:id/backup", "backup.manage", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    const b = req.body;
    if (!isObject(b) || typeof b.enabled !== "boolean") throw invalid([{ field: "enabled", description: "value is required" }]);
    const str = (k: string, d = "") => (typeof b[k] === "string" ? (b[k] as string) : d);
    c.backupConfig = {
      enabled: b.enabled,
      schedule: str("schedule", "0 1 * * * *"),
      ttl: str("ttl", "172800s"),
      storage_endpoint: str("storage_endpoint"),
      storage_access_key: str("storage_access_key"),
      storage_secret_key: str("storage_secret_key"),
      storage_bucket: str("storage_bucket"),
      should_backup_volumes: b.should_backup_volumes === true,
    };
    return { ...c.backupConfig, storage_secret_key: "" };
  });
};

function backupJson(b: { id: string; name: string; description: string; status: string; size: number; createdAt: number }, clusterId: string) {
  return { id: b.id, name: b.name, description: b.description, status: b.status, size: String(b.size), cluster_id: clusterId, created_at: ts(b.createdAt), updated_at: ts(b.createdAt) };
}
