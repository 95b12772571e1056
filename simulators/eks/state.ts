import { randomUUID } from "node:crypto";
import type { SimClock } from "@/simulators/kit/clock";
import { MINUTE } from "@/simulators/kit/clock";
import type { SeededRandom } from "@/simulators/kit/random";
import type { KnownKey } from "./sigv4";

export const ACCOUNT_ID = "123456789012";

/** realistic durations of EKS's asynchronous work (docs/providers/eks.md §5) */
export const DURATIONS = {
  clusterCreate: 12 * MINUTE,
  clusterVersionUpdate: 10 * MINUTE,
  clusterDelete: 6 * MINUTE,
  nodegroupCreate: 5 * MINUTE,
  nodegroupConfigUpdate: 3 * MINUTE,
  nodegroupVersionUpdate: 8 * MINUTE,
  nodegroupDelete: 5 * MINUTE,
};

interface Transition {
  at: number;
  /** what happens when simulated time reaches `at` */
  apply: () => void;
}

export interface SimCluster {
  name: string;
  region: string;
  id: string;
  arn: string;
  createdAt: number;
  version: string;
  platformVersion: string;
  status: "CREATING" | "ACTIVE" | "DELETING" | "FAILED" | "UPDATING" | "PENDING";
  roleArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
  clusterSecurityGroupId: string;
  vpcId: string;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  supportType: "STANDARD" | "EXTENDED";
  serviceIpv4Cidr: string;
  tags: Record<string, string>;
  clientRequestToken?: string;
  healthIssues: { code: string; message: string; resourceIds: string[] }[];
  transition?: Transition;
}

export interface SimNodegroup {
  nodegroupName: string;
  clusterName: string;
  region: string;
  arn: string;
  version: string;
  releaseVersion: string;
  createdAt: number;
  modifiedAt: number;
  status: "CREATING" | "ACTIVE" | "UPDATING" | "DELETING" | "CREATE_FAILED" | "DELETE_FAILED" | "DEGRADED";
  capacityType: "ON_DEMAND" | "SPOT" | "CAPACITY_BLOCK";
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  instanceTypes: string[];
  subnets: string[];
  amiType: string;
  nodeRole: string;
  diskSize: number;
  labels: Record<string, string>;
  tags: Record<string, string>;
  clientRequestToken?: string;
  transition?: Transition;
}

export interface SimUpdate {
  id: string;
  region: string;
  clusterName: string;
  nodegroupName?: string;
  type: "VersionUpdate" | "ConfigUpdate";
  params: { type: string; value: string }[];
  status: "InProgress" | "Failed" | "Cancelled" | "Successful";
  createdAt: number;
  errors: { errorCode: string; errorMessage: string; resourceIds: string[] }[];
}

export interface SimSubnet {
  subnetId: string;
  vpcId: string;
  region: string;
  availabilityZone: string;
  cidrBlock: string;
  availableIpAddressCount: number;
  name: string;
  mapPublicIpOnLaunch: boolean;
}

export interface SimSecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  region: string;
}

export interface SimVpc {
  vpcId: string;
  region: string;
  cidrBlock: string;
  name: string;
  isDefault: boolean;
}

export interface SimRole {
  roleName: string;
  roleId: string;
  arn: string;
  createDate: number;
  /** the service principal allowed to assume it ("eks.amazonaws.com", "ec2.amazonaws.com") or an account root */
  trustedPrincipal: string;
  description: string;
}

export class EksState {
  regions: string[] = [];
  clusters = new Map<string, SimCluster>();
  nodegroups = new Map<string, SimNodegroup>();
  updates = new Map<string, SimUpdate>();
  vpcs: SimVpc[] = [];
  subnets: SimSubnet[] = [];
  securityGroups: SimSecurityGroup[] = [];
  roles: SimRole[] = [];
  /** access key id -> what the simulator knows (long-term keys and STS-issued temporary ones) */
  keys = new Map<string, KnownKey>();
  /** the next n creates end in FAILED (admin hook) */
  failNextCreates = 0;

  constructor(
    readonly clock: SimClock,
    public rnd: SeededRandom,
  ) {}

  now(): number {
    return this.clock.now();
  }

  static clusterKey = (region: string, name: string) => `${region}/${name}`;
  static nodegroupKey = (region: string, cluster: string, name: string) => `${region}/${cluster}/${name}`;

  /** applies every transition that is due (lazily, on each request) */
  advance() {
    const now = this.now();
    for (let guard = 0; guard < 1000; guard++) {
      let next: { t: Transition; owner: SimCluster | SimNodegroup } | undefined;
      for (const c of this.clusters.values()) if (c.transition && c.transition.at <= now && (!next || c.transition.at < next.t.at)) next = { t: c.transition, owner: c };
      for (const n of this.nodegroups.values()) if (n.transition && n.transition.at <= now && (!next || n.transition.at < next.t.at)) next = { t: n.transition, owner: n };
      if (!next) return;
      next.owner.transition = undefined;
      next.t.apply();
    }
  }

  cluster(region: string, name: string): SimCluster | undefined {
    return this.clusters.get(EksState.clusterKey(region, name));
  }

  nodegroupsOf(region: string, cluster: string): SimNodegroup[] {
    return [...this.nodegroups.values()].filter((n) => n.region === region && n.clusterName === cluster);
  }

  nodegroup(region: string, cluster: string, name: string): SimNodegroup | undefined {
    return this.nodegroups.get(EksState.nodegroupKey(region, cluster, name));
  }

  newUpdate(u: Omit<SimUpdate, "id" | "createdAt" | "status" | "errors">): SimUpdate {
    const up: SimUpdate = { ...u, id: randomUUID(), createdAt: this.now(), status: "InProgress", errors: [] };
    this.updates.set(up.id, up);
    return up;
  }

  clusterArn(region: string, name: string) {
    return `arn:aws:eks:${region}:${ACCOUNT_ID}:cluster/${name}`;
  }

  nodegroupArn(region: string, cluster: string, name: string, id: string) {
    return `arn:aws:eks:${region}:${ACCOUNT_ID}:nodegroup/${cluster}/${name}/${id}`;
  }
}
