import { z } from "zod";

/**
 * Response schemas. Proto3-JSON writers may omit zero values or emit them (null for unset
 * messages), so every field but the id is optional and nullable (docs/providers/coreweave.md §3.1).
 */
const s = z.string().nullish();
const strings = z.array(z.string()).nullish();
/** enum fields: names on the wire, but proto3-JSON allows numbers too */
const enumValue = z.union([z.string(), z.number()]).nullish();

const webhook = z.object({ server: s, ca: s }).nullish();

export const clusterSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  zone: s,
  vpcId: s,
  public: z.boolean().nullish(),
  version: s,
  network: z
    .object({
      podCidrName: s,
      serviceCidrName: s,
      internalLbCidrNames: strings,
      podCidrNameV6: s,
      serviceCidrNameV6: s,
      internalLbCidrNamesV6: strings,
      serviceNodePortRange: z.object({ start: z.number().nullish(), end: z.number().nullish() }).nullish(),
    })
    .nullish(),
  oidc: z
    .object({
      issuerUrl: s,
      clientId: s,
      usernameClaim: s,
      usernamePrefix: s,
      groupsClaim: s,
      groupsPrefix: s,
      ca: s,
      requiredClaim: s,
      adminGroupBinding: s,
      signingAlgorithms: z.array(enumValue).nullish(),
    })
    .nullish(),
  authzWebhook: webhook,
  authnWebhook: webhook,
  auditPolicy: s,
  apiServerEndpoint: s,
  status: enumValue,
  isUpgradeable: z.boolean().nullish(),
  disableOidcInfoPublication: z.boolean().nullish(),
  kubelet: z.record(z.string(), z.unknown()).nullish(),
  additionalServerSans: strings,
  tailscale: z.object({ clientId: s, tailnetDomain: s }).nullish(),
  createdAt: s,
  updatedAt: s,
});
export type CksCluster = z.infer<typeof clusterSchema>;

export const clusterListSchema = z.object({ items: z.array(clusterSchema).nullish() });
export const clusterEnvelopeSchema = z.object({ cluster: clusterSchema });
/** DELETE answers with the cluster; tolerate an empty body (docs/providers/coreweave.md §3.2). */
export const clusterDeleteSchema = z.object({ cluster: clusterSchema.nullish() }).nullish();

export const vpcSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  zone: s,
  hostPrefix: s,
  hostPrefixes: z
    .array(z.object({ name: s, type: enumValue, prefixes: strings, ipam: z.object({ prefixLength: z.number().nullish(), gatewayAddressPolicy: enumValue }).nullish() }))
    .nullish(),
  vpcPrefixes: z.array(z.object({ name: z.string(), value: s, status: enumValue, createdAt: s, updatedAt: s })).nullish(),
  ingress: z.object({ disablePublicServices: z.boolean().nullish() }).nullish(),
  egress: z.object({ disablePublicAccess: z.boolean().nullish() }).nullish(),
  dhcp: z.object({ dns: z.object({ servers: strings }).nullish() }).nullish(),
  status: enumValue,
  createdAt: s,
  updatedAt: s,
});
export type CksVpc = z.infer<typeof vpcSchema>;

export const vpcListSchema = z.object({ items: z.array(vpcSchema).nullish() });
export const vpcEnvelopeSchema = z.object({ vpc: vpcSchema });

/** google.rpc.Status (REST transcoding) or the Connect error form; `code` may be a number or a name. */
export const rpcStatusSchema = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
  details: z.array(z.record(z.string(), z.unknown())).optional(),
});

/** Request body of POST /v1beta1/cks/clusters. */
export interface CreateClusterRequest {
  name: string;
  zone: string;
  vpcId: string;
  version: string;
  public?: boolean;
  network: {
    podCidrName: string;
    serviceCidrName: string;
    internalLbCidrNames: string[];
    serviceNodePortRange?: { start: number; end: number };
  };
  oidc?: Record<string, unknown>;
  authnWebhook?: { server: string; ca?: string };
  authzWebhook?: { server: string; ca?: string };
  auditPolicy?: string;
  kubelet?: Record<string, unknown>;
  additionalServerSans?: string[];
  disableOidcInfoPublication?: boolean;
}

/** Request body of PATCH /v1beta1/cks/clusters/{id} (only the fields we change; docs/providers/coreweave.md §5). */
export interface UpdateClusterRequest {
  id: string;
  updateMask: string;
  version?: string;
  [field: string]: unknown;
}
