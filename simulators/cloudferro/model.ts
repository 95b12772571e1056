/** In-memory shapes of the CloudFerro simulator (wire shapes are produced by wire.ts). */
import type { RegionName, Role } from "./config";

export type ClusterStatus = "Creating" | "Running" | "Upgrading" | "Configuring" | "Deleting" | "Error";
export type PoolStatus = "Creating" | "Running" | "Scaling" | "Upgrading" | "Deleting" | "Error";

export interface SimVersion {
  id: string;
  createdAt: number;
  updatedAt: number;
  version: string;
  eol: number;
  info: string;
  isActive: boolean;
}

export interface SimSpec {
  id: string;
  createdAt: number;
  updatedAt: number;
  name: string;
  cpu: number;
  memoryMb: number;
  diskGb: number;
  isActive: boolean;
  tags: string[];
  gpu: string;
}

export interface SimErrorEntry {
  msg: string;
  createdAt: number;
}

export interface Label {
  key: string;
  value: string;
}
export interface Taint extends Label {
  effect: string;
}

export interface SimPool {
  id: string;
  createdAt: number;
  updatedAt: number;
  name: string;
  status: PoolStatus;
  specId: string;
  autoscale: boolean;
  size: number;
  sizeMin: number;
  sizeMax: number;
  /** current number of nodes ([assume] meaning of the API's `quantity`) */
  quantity: number;
  sharedNetworks: string[];
  labels: Label[];
  taints: Taint[];
  errors: SimErrorEntry[];
}

export type ClusterOp =
  | { kind: "create"; endsAt: number; fail?: string }
  | { kind: "upgrade"; endsAt: number; targetVersionId: string; fail?: string }
  | { kind: "delete"; endsAt: number; fail?: string }
  | { kind: "pool"; poolOp: "create" | "scale" | "delete"; poolId: string; endsAt: number; resume: ClusterStatus; fail?: string };

export interface SimBackup {
  id: string;
  name: string;
  description: string;
  status: string;
  size: number;
  createdAt: number;
}

export interface BackupConfig {
  enabled: boolean;
  schedule: string;
  ttl: string;
  storage_endpoint: string;
  storage_access_key: string;
  storage_secret_key: string;
  storage_bucket: string;
  should_backup_volumes: boolean;
}

export interface SimCluster {
  id: string;
  createdAt: number;
  updatedAt: number;
  name: string;
  status: ClusterStatus;
  cpSize: number;
  cpSpecId: string;
  cpName: string;
  versionId: string;
  projectId: string;
  errors: SimErrorEntry[];
  op?: ClusterOp;
  /** message the next operation fails with (admin API) */
  failNext?: string;
  pools: SimPool[];
  serverIp: string;
  routerIp: string;
  kubeToken: string;
  caData: string;
  counts: { pods: number; services: number; "deployments.apps": number };
  backupConfig?: BackupConfig;
  backups: SimBackup[];
}

export interface SimToken {
  token: string;
  region: RegionName;
  roles: Set<Role>;
  expiresAt?: number;
  description?: string;
}

export interface RegionState {
  name: RegionName;
  index: number;
  prefix: string;
  ipPrefix: string;
  regionId: string;
  createdAt: number;
  versions: SimVersion[];
  specs: SimSpec[];
  clusters: Map<string, SimCluster>;
}
