/** EKS REST-JSON answers and errors as the service sends them (docs/providers/eks.md §3). */
import { randomUUID } from "node:crypto";
import type { SimResponse } from "@/simulators/kit/server";
import type { SimCluster, SimNodegroup, SimUpdate } from "./state";

export const EKS_ERROR_STATUS: Record<string, number> = {
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  ClientException: 400,
  ResourceLimitExceededException: 400,
  ResourceInUseException: 409,
  ResourceNotFoundException: 404,
  NotFoundException: 404,
  AccessDeniedException: 403,
  ServerException: 500,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  ExpiredTokenException: 403,
};

export function eksError(type: string, message: string, extra: Record<string, unknown> = {}, status = EKS_ERROR_STATUS[type] ?? 400): SimResponse {
  return {
    status,
    headers: { "x-amzn-ErrorType": `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/`, "x-amzn-RequestId": randomUUID(), "Content-Type": "application/json" },
    body: { ...extra, message },
  };
}

export function eksOk(body: unknown): SimResponse {
  return { status: 200, body, headers: { "x-amzn-RequestId": randomUUID(), "Content-Type": "application/json" } };
}

/** REST-JSON timestamps are epoch seconds */
export const epoch = (ms: number) => Math.round(ms) / 1000;

export function clusterJson(c: SimCluster) {
  const creating = c.status === "CREATING";
  return {
    name: c.name,
    arn: c.arn,
    createdAt: epoch(c.createdAt),
    version: c.version,
    ...(creating ? {} : { endpoint: `https://${c.id.replace(/-/g, "").slice(0, 32).toUpperCase()}.gr7.${c.region}.eks.amazonaws.com` }),
    roleArn: c.roleArn,
    resourcesVpcConfig: {
      subnetIds: c.subnetIds,
      securityGroupIds: c.securityGroupIds,
      ...(creating ? {} : { clusterSecurityGroupId: c.clusterSecurityGroupId }),
      vpcId: c.vpcId,
      endpointPublicAccess: c.endpointPublicAccess,
      endpointPrivateAccess: c.endpointPrivateAccess,
      publicAccessCidrs: ["0.0.0.0/0"],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: c.serviceIpv4Cidr, ipFamily: "ipv4", elasticLoadBalancing: { enabled: false } },
    logging: { clusterLogging: [{ types: ["api", "audit", "authenticator", "controllerManager", "scheduler"], enabled: false }] },
    ...(creating ? {} : { identity: { oidc: { issuer: `https://oidc.eks.${c.region}.amazonaws.com/id/${c.id.replace(/-/g, "").slice(0, 32).toUpperCase()}` } }, certificateAuthority: { data: Buffer.from(`-----BEGIN CERTIFICATE-----\nsimulated-${c.id}\n-----END CERTIFICATE-----\n`).toString("base64") } }),
    status: c.status,
    ...(c.clientRequestToken ? { clientRequestToken: c.clientRequestToken } : {}),
    platformVersion: c.platformVersion,
    tags: c.tags,
    health: { issues: c.healthIssues },
    accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" },
    upgradePolicy: { supportType: c.supportType },
    deletionProtection: false,
  };
}

export function nodegroupJson(n: SimNodegroup) {
  return {
    nodegroupName: n.nodegroupName,
    nodegroupArn: n.arn,
    clusterName: n.clusterName,
    version: n.version,
    releaseVersion: n.releaseVersion,
    createdAt: epoch(n.createdAt),
    modifiedAt: epoch(n.modifiedAt),
    status: n.status,
    capacityType: n.capacityType,
    scalingConfig: n.scalingConfig,
    instanceTypes: n.instanceTypes,
    subnets: n.subnets,
    amiType: n.amiType,
    nodeRole: n.nodeRole,
    labels: n.labels,
    resources: n.status === "CREATING" ? {} : { autoScalingGroups: [{ name: `eks-${n.nodegroupName}-${n.arn.split("/").pop()}` }] },
    diskSize: n.diskSize,
    health: { issues: n.status === "DEGRADED" ? [{ code: "AsgInstanceLaunchFailures", message: "Could not launch On-Demand Instances. InsufficientInstanceCapacity", resourceIds: [] }] : [] },
    updateConfig: { maxUnavailable: 1 },
    tags: n.tags,
  };
}

export function updateJson(u: SimUpdate) {
  return { id: u.id, status: u.status, type: u.type, params: u.params, createdAt: epoch(u.createdAt), errors: u.errors };
}
