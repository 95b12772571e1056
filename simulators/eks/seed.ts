/** Seeded EKS data: a few regions with VPCs, subnets, security groups, IAM roles and clusters of mixed versions and states. */
import { DAY, HOUR, MINUTE } from "@/simulators/kit/clock";
import { clusterName, seedCount, type SeededRandom } from "@/simulators/kit/random";
import { AZ_SUFFIXES, DEFAULT_REGIONS, EKS_VERSIONS, INSTANCE_TYPES, versionInfo } from "./catalog";
import { ACCOUNT_ID, DURATIONS, EksState, type SimCluster, type SimNodegroup } from "./state";

export const ROLE_ARNS = {
  cluster: `arn:aws:iam::${ACCOUNT_ID}:role/eksClusterRole`,
  node: `arn:aws:iam::${ACCOUNT_ID}:role/AmazonEKSNodeRole`,
  admin: `arn:aws:iam::${ACCOUNT_ID}:role/ClusterdeckReadWrite`,
};

export function seed(state: EksState, rnd: SeededRandom, credentials: { accessKeyId: string; secretAccessKey: string }, regions = DEFAULT_REGIONS) {
  state.regions = [...regions];
  state.clusters.clear();
  state.nodegroups.clear();
  state.updates.clear();
  state.vpcs = [];
  state.subnets = [];
  state.securityGroups = [];
  state.keys.clear();
  state.failNextCreates = 0;
  state.keys.set(credentials.accessKeyId, { secretAccessKey: credentials.secretAccessKey, arn: `arn:aws:iam::${ACCOUNT_ID}:user/clusterdeck-demo` });
  const now = state.now();
  const hex = (n: number) => rnd.hex(n);

  state.roles = [
    { roleName: "eksClusterRole", roleId: `AROA${hex(16).toUpperCase()}`, arn: ROLE_ARNS.cluster, createDate: now - 400 * DAY, trustedPrincipal: "eks.amazonaws.com", description: "Amazon EKS cluster role (AmazonEKSClusterPolicy)" },
    { roleName: "AmazonEKSNodeRole", roleId: `AROA${hex(16).toUpperCase()}`, arn: ROLE_ARNS.node, createDate: now - 400 * DAY, trustedPrincipal: "ec2.amazonaws.com", description: "Amazon EKS node role (AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly, AmazonEKS_CNI_Policy)" },
    { roleName: "eks-platform-cluster", roleId: `AROA${hex(16).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT_ID}:role/eks-platform-cluster`, createDate: now - 200 * DAY, trustedPrincipal: "eks.amazonaws.com", description: "Platform team cluster role" },
    { roleName: "ClusterdeckReadWrite", roleId: `AROA${hex(16).toUpperCase()}`, arn: ROLE_ARNS.admin, createDate: now - 30 * DAY, trustedPrincipal: `arn:aws:iam::${ACCOUNT_ID}:root`, description: "Assumed by Clusterdeck through STS" },
    { roleName: "lambda-exec", roleId: `AROA${hex(16).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT_ID}:role/lambda-exec`, createDate: now - 90 * DAY, trustedPrincipal: "lambda.amazonaws.com", description: "Not for EKS" },
  ];

  regions.forEach((region, ri) => {
    const vpcId = `vpc-0${hex(16)}`;
    state.vpcs.push({ vpcId, region, cidrBlock: `10.${ri}.0.0/16`, name: `eks-vpc-${region}`, isDefault: false });
    AZ_SUFFIXES.forEach((az, ai) => {
      state.subnets.push({ subnetId: `subnet-0${hex(16)}`, vpcId, region, availabilityZone: `${region}${az}`, cidrBlock: `10.${ri}.${ai * 16}.0/20`, availableIpAddressCount: 4000 - rnd.int(0, 900), name: `eks-private-${region}${az}`, mapPublicIpOnLaunch: false });
    });
    state.securityGroups.push({ groupId: `sg-0${hex(16)}`, groupName: "eks-control-plane-extra", description: "Extra rules for EKS control planes", vpcId, region });
    state.securityGroups.push({ groupId: `sg-0${hex(16)}`, groupName: "default", description: "default VPC security group", vpcId, region });
  });

  const versions = EKS_VERSIONS.filter((v) => v.version >= "1.29").map((v) => v.version);
  const total = seedCount(16);
  for (let i = 0; i < total; i++) {
    const region = regions[i % regions.length];
    const subnets = state.subnets.filter((s) => s.region === region);
    const version = i === 0 ? "1.29" : i === 1 ? "1.32" : i === 3 ? "1.33" : rnd.pick(versions);
    const info = versionInfo(version)!;
    const name = clusterName(rnd, i + 1);
    const createdAt = now - rnd.int(20, 700) * DAY - rnd.int(0, 23) * HOUR;
    const id = rnd.uuid();
    const c: SimCluster = {
      name,
      region,
      id,
      arn: state.clusterArn(region, name),
      createdAt,
      version,
      platformVersion: info.platform,
      status: "ACTIVE",
      roleArn: ROLE_ARNS.cluster,
      subnetIds: subnets.map((s) => s.subnetId),
      securityGroupIds: [],
      clusterSecurityGroupId: `sg-0${hex(16)}`,
      vpcId: subnets[0].vpcId,
      endpointPublicAccess: rnd.chance(0.7),
      endpointPrivateAccess: true,
      supportType: rnd.chance(0.85) ? "EXTENDED" : "STANDARD",
      serviceIpv4Cidr: "172.20.0.0/16",
      tags: { team: rnd.pick(["platform", "data", "ml", "web"]), env: name.split("-")[0] },
      healthIssues: [],
    };
    state.clusters.set(EksState.clusterKey(region, name), c);
    const special = i === 2 ? "failed" : i === 3 ? "updating" : i === 4 ? "creating" : null;
    if (special === "failed") {
      c.status = "FAILED";
      c.healthIssues = [{ code: "SubnetNotFound", message: "One or more subnets for the cluster were deleted", resourceIds: [c.subnetIds[0]] }];
      continue;
    }
    if (special === "creating") {
      c.status = "CREATING";
      c.createdAt = now - 3 * MINUTE;
      c.transition = { at: now + DURATIONS.clusterCreate - 3 * MINUTE, apply: () => void (c.status = "ACTIVE") };
      continue;
    }
    const pools = rnd.int(1, 2);
    for (let p = 0; p < pools; p++) {
      const ngName = p === 0 ? "general" : rnd.pick(["spot-workers", "gpu", "batch"]);
      // some node groups lag one minor behind their control plane (as after a control-plane upgrade)
      const lag = i === 1 || (p === 1 && rnd.chance(0.4));
      const ngVersion = lag && info.version !== "1.28" ? `1.${Number(version.split(".")[1]) - 1}` : version;
      const ngInfo = versionInfo(ngVersion) ?? info;
      const desired = rnd.int(1, 6);
      const n: SimNodegroup = {
        nodegroupName: ngName,
        clusterName: name,
        region,
        arn: state.nodegroupArn(region, name, ngName, rnd.uuid()),
        version: ngVersion,
        releaseVersion: `${ngInfo.patch}-20251120`,
        createdAt: createdAt + HOUR,
        modifiedAt: createdAt + 2 * HOUR,
        status: "ACTIVE",
        capacityType: ngName === "spot-workers" ? "SPOT" : "ON_DEMAND",
        scalingConfig: { minSize: Math.max(0, desired - 1), maxSize: desired + 3, desiredSize: desired },
        instanceTypes: [ngName === "gpu" ? "g5.xlarge" : rnd.pick(INSTANCE_TYPES.filter((t) => !t.startsWith("g5")))],
        subnets: c.subnetIds,
        amiType: ngName === "gpu" ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD",
        nodeRole: ROLE_ARNS.node,
        diskSize: 20,
        labels: { pool: ngName },
        tags: {},
      };
      state.nodegroups.set(EksState.nodegroupKey(region, name, ngName), n);
    }
    if (special === "updating") {
      // a control-plane upgrade in flight (node groups already match, as EKS requires)
      const next = versionInfo(`1.${Number(version.split(".")[1]) + 1}`);
      for (const n of state.nodegroupsOf(region, name)) n.version = version;
      if (next) {
        c.status = "UPDATING";
        const up = state.newUpdate({ region, clusterName: name, type: "VersionUpdate", params: [{ type: "Version", value: next.version }, { type: "PlatformVersion", value: next.platform }] });
        c.transition = { at: now + DURATIONS.clusterVersionUpdate - 2 * MINUTE, apply: () => ((c.version = next.version), (c.platformVersion = next.platform), (c.status = "ACTIVE"), (up.status = "Successful")) };
      }
    }
  }
}
