import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from "@aws-sdk/client-ec2";
import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  type Cluster,
  type ClusterVersionInformation,
  type Nodegroup,
  type Update,
} from "@aws-sdk/client-eks";
import { ListRolesCommand, type Role } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { mapLimit } from "../concurrency";
import { ProviderError, type ConnectionConfig, type KubernetesVersion, type NodePoolChange, type OperationHandle, type ProviderAdapter, type ProviderCluster, type Scope, type TestConnectionResult } from "../types";
import { EksClients, PROVIDER } from "./client";
import { createInputSchema, nodeGroupSchema } from "./create-schema";
import { endOfStandardSupport, toProviderCluster, toVersion } from "./mapping";

export { DEFAULT_REGIONS, parseRegions, validRegion } from "./regions";
import { parseRegions, validRegion } from "./regions";

const invalid = (message: string, fields?: Record<string, string[]>) => new ProviderError({ kind: "invalid", provider: PROVIDER, message, fields });

function zodFields(issues: { path: PropertyKey[]; message: string }[]) {
  const fields: Record<string, string[]> = {};
  for (const i of issues) (fields[i.path.map(String).join(".") || "input"] ??= []).push(i.message);
  return fields;
}

/** the principal(s) a role's trust policy lets assume it (IAM returns the document URL-encoded) */
function trusted(role: Role): string[] {
  try {
    const doc = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument ?? "")) as { Statement?: { Effect?: string; Principal?: { Service?: string | string[] } }[] };
    return (doc.Statement ?? []).filter((s) => s.Effect === "Allow").flatMap((s) => [s.Principal?.Service ?? []].flat());
  } catch {
    return [];
  }
}

export class EksAdapter implements ProviderAdapter {
  readonly kind = PROVIDER;
  readonly regions: string[];
  private readonly c: EksClients;

  constructor(config: ConnectionConfig) {
    const { accessKeyId, secretAccessKey, sessionToken, roleArn, regions } = config.credentials;
    if (!accessKeyId || !secretAccessKey) throw invalid("an AWS access key id and secret access key are required");
    this.regions = parseRegions(regions);
    const bad = this.regions.find((r) => !validRegion(r));
    if (bad) throw invalid(`"${bad}" is not an AWS region name`, { regions: ["AWS region names such as eu-west-1"] });
    this.c = new EksClients(config, { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined, roleArn: roleArn || undefined }, config.defaultScope && validRegion(config.defaultScope) ? config.defaultScope : this.regions[0]);
  }

  private region(scope: string | undefined): string {
    const r = scope || this.regions[0];
    if (!validRegion(r)) throw new ProviderError({ kind: "not_found", provider: PROVIDER, message: `"${r}" is not an AWS region` });
    return r;
  }

  private async clusterNames(region: string): Promise<string[]> {
    const eks = this.c.eksIn(region);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.c.send("eks", "ListClusters", () => eks.send(new ListClustersCommand({ maxResults: 100, nextToken })), { idempotent: true });
      names.push(...(out.clusters ?? []));
      nextToken = out.nextToken;
    } while (nextToken && names.length < 10_000);
    return names;
  }

  private async nodegroups(region: string, cluster: string): Promise<Nodegroup[]> {
    const eks = this.c.eksIn(region);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.c.send("eks", "ListNodegroups", () => eks.send(new ListNodegroupsCommand({ clusterName: cluster, maxResults: 100, nextToken })), { idempotent: true });
      names.push(...(out.nodegroups ?? []));
      nextToken = out.nextToken;
    } while (nextToken && names.length < 1000);
    const groups = await mapLimit(names, 4, (n) =>
      this.c
        .send("eks", "DescribeNodegroup", () => eks.send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: n })), { idempotent: true })
        .then((o) => o.nodegroup ?? null)
        .catch((e: unknown) => {
          // deleted between the list and the describe
          if (e instanceof ProviderError && e.kind === "not_found") return null;
          throw e;
        }),
    );
    return groups.filter((g): g is Nodegroup => !!g);
  }

  private async describe(region: string, name: string): Promise<Cluster> {
    const eks = this.c.eksIn(region);
    const out = await this.c.send("eks", "DescribeCluster", () => eks.send(new DescribeClusterCommand({ name })), { idempotent: true });
    if (!out.cluster) throw new ProviderError({ kind: "bad_response", provider: PROVIDER, message: "DescribeCluster returned no cluster" });
    return out.cluster;
  }

  private async full(region: string, name: string): Promise<ProviderCluster> {
    const cluster = await this.describe(region, name);
    const groups = cluster.status === "CREATING" ? [] : await this.nodegroups(region, name);
    return toProviderCluster(cluster, region, groups);
  }

  async testConnection(): Promise<TestConnectionResult> {
    const sts = this.c.sts();
    const who = await this.c.send("sts", "GetCallerIdentity", () => sts.send(new GetCallerIdentityCommand({})), { idempotent: true });
    const counts = await Promise.all(this.regions.map((r) => this.clusterNames(r).then((n) => n.length)));
    const clusters = counts.reduce((a, b) => a + b, 0);
    return { ok: true, summary: `account ${who.Account ?? "?"}: ${clusters} cluster${clusters === 1 ? "" : "s"} in ${this.regions.length} region${this.regions.length === 1 ? "" : "s"}`, scopes: this.regions.length, clusters };
  }

  /** the connection's regions, each checked with one ListClusters call (EKS has no account-wide listing) */
  async listScopes(): Promise<Scope[]> {
    return Promise.all(
      this.regions.map(async (region) => {
        const eks = this.c.eksIn(region);
        const out = await this.c.send("eks", "ListClusters", () => eks.send(new ListClustersCommand({ maxResults: 100 })), { idempotent: true });
        return { externalId: region, name: region, kind: "region", raw: { clusters: out.clusters?.length ?? 0, more: !!out.nextToken } };
      }),
    );
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    const regions = scope ? [this.region(scope)] : this.regions;
    const perRegion = await Promise.all(
      regions.map(async (region) => {
        const names = await this.clusterNames(region);
        const rows = await mapLimit(names, 4, (n) =>
          this.full(region, n).catch((e: unknown) => {
            if (e instanceof ProviderError && e.kind === "not_found") return null;
            throw e;
          }),
        );
        return rows.filter((x): x is ProviderCluster => !!x);
      }),
    );
    return perRegion.flat();
  }

  getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    return this.full(this.region(scope), externalId);
  }

  private async versionInfos(region?: string): Promise<ClusterVersionInformation[]> {
    const eks = this.c.eksIn(this.region(region));
    const out: ClusterVersionInformation[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.c.send("eks", "DescribeClusterVersions", () => eks.send(new DescribeClusterVersionsCommand({ includeAll: true, maxResults: 100, nextToken })), { idempotent: true });
      out.push(...(page.clusterVersions ?? []));
      nextToken = page.nextToken;
    } while (nextToken && out.length < 500);
    return out;
  }

  async listVersions(scope?: string): Promise<KubernetesVersion[]> {
    return (await this.versionInfos(scope)).map(toVersion).filter((v): v is KubernetesVersion => !!v);
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    const region = this.region(typeof context.scope === "string" ? context.scope : undefined);
    switch (source) {
      case "regions":
        return this.regions.map((r) => ({ value: r, label: r }));
      case "versions": {
        const now = Date.now();
        return (await this.listVersions(region))
          .filter((v) => v.active)
          .map((v) => {
            const std = endOfStandardSupport(v.eol);
            const support = std && std.getTime() <= now ? `extended support until ${v.eol}, extra cost` : std ? `standard support until ${std.toISOString().slice(0, 10)}` : "";
            return { value: v.version, label: `${v.version}${v.default ? " (default)" : ""}${support ? ` — ${support}` : ""}` };
          });
      }
      case "subnets": {
        const ec2 = this.c.ec2In(region);
        const out = await this.c.send("ec2", "DescribeSubnets", () => ec2.send(new DescribeSubnetsCommand({})), { idempotent: true });
        return (out.Subnets ?? [])
          .filter((s) => s.SubnetId && (s.State ?? "available") === "available")
          .map((s) => {
            const name = s.Tags?.find((t) => t.Key === "Name")?.Value;
            return { value: s.SubnetId!, label: `${s.SubnetId}${name ? ` ${name}` : ""} (${s.AvailabilityZone ?? "?"}, ${s.VpcId ?? "?"}, ${s.CidrBlock ?? ""}, ${s.AvailableIpAddressCount ?? "?"} free IPs)` };
          });
      }
      case "securityGroups": {
        const ec2 = this.c.ec2In(region);
        const out = await this.c.send("ec2", "DescribeSecurityGroups", () => ec2.send(new DescribeSecurityGroupsCommand({})), { idempotent: true });
        return (out.SecurityGroups ?? []).filter((g) => g.GroupId).map((g) => ({ value: g.GroupId!, label: `${g.GroupId} ${g.GroupName ?? ""} (${g.VpcId ?? "?"})` }));
      }
      case "clusterRoles":
      case "nodeRoles": {
        const want = source === "clusterRoles" ? "eks.amazonaws.com" : "ec2.amazonaws.com";
        const iam = this.c.iam();
        const roles: Role[] = [];
        let marker: string | undefined;
        do {
          const out = await this.c.send("iam", "ListRoles", () => iam.send(new ListRolesCommand({ MaxItems: 100, Marker: marker })), { idempotent: true });
          roles.push(...(out.Roles ?? []));
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker && roles.length < 5000);
        return roles.filter((r) => r.Arn && trusted(r).includes(want)).map((r) => ({ value: r.Arn!, label: `${r.RoleName}${r.Description ? ` — ${r.Description}` : ""}` }));
      }
      default:
        throw invalid(`unknown option source "${source}"`);
    }
  }

  async createCluster(scope: string, input: Record<string, unknown>, opts: { idempotencyKey?: string } = {}): Promise<OperationHandle> {
    const parsed = createInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(`invalid cluster: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, zodFields(parsed.error.issues));
    const v = parsed.data;
    const region = this.region(scope);
    const eks = this.c.eksIn(region);
    // the idempotency key makes a retried CreateCluster return the cluster the first attempt created
    const out = await this.c.send("eks", "CreateCluster", () =>
      eks.send(
        new CreateClusterCommand({
          name: v.name,
          version: v.version,
          roleArn: v.roleArn,
          resourcesVpcConfig: { subnetIds: v.subnetIds.map((s) => s.value), securityGroupIds: v.securityGroupIds.map((s) => s.value), endpointPublicAccess: v.endpointPublicAccess, endpointPrivateAccess: v.endpointPrivateAccess },
          upgradePolicy: { supportType: v.supportType },
          tags: { "created-by": "clusterdeck" },
          ...(opts.idempotencyKey ? { clientRequestToken: opts.idempotencyKey.slice(0, 64) } : {}),
        }),
      ),
    );
    if (!out.cluster?.name) throw new ProviderError({ kind: "bad_response", provider: PROVIDER, message: "CreateCluster returned no cluster" });
    return { externalId: out.cluster.name, scope: region, cluster: toProviderCluster(out.cluster, region, []) };
  }

  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    const region = this.region(scope);
    const eks = this.c.eksIn(region);
    const out = await this.c.send("eks", "UpdateClusterVersion", () => eks.send(new UpdateClusterVersionCommand({ name: externalId, version })));
    return { externalId, scope: region, providerRequestId: out.update?.id ?? null };
  }

  /** the state of an update UpdateClusterVersion / UpdateNodegroup* started (InProgress, Successful, Failed, Cancelled) */
  async describeUpdate(scope: string, cluster: string, updateId: string, nodegroup?: string): Promise<Update> {
    const eks = this.c.eksIn(this.region(scope));
    const out = await this.c.send("eks", "DescribeUpdate", () => eks.send(new DescribeUpdateCommand({ name: cluster, updateId, ...(nodegroup ? { nodegroupName: nodegroup } : {}) })), { idempotent: true });
    if (!out.update) throw new ProviderError({ kind: "bad_response", provider: PROVIDER, message: "DescribeUpdate returned no update" });
    return out.update;
  }

  /**
   * EKS deletes a cluster only once it has no node groups (DeleteCluster answers ResourceInUseException
   * otherwise): node groups are deleted first, then continueDelete issues DeleteCluster when they are gone.
   */
  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    const region = this.region(scope);
    const groups = await this.nodegroups(region, externalId);
    if (groups.length) {
      await this.deleteGroups(region, externalId, groups);
      return { externalId, scope: region, note: `EKS deletes node groups first: deleting ${groups.map((g) => g.nodegroupName).join(", ")}; the cluster follows when they are gone` };
    }
    const eks = this.c.eksIn(region);
    await this.c.send("eks", "DeleteCluster", () => eks.send(new DeleteClusterCommand({ name: externalId })));
    return { externalId, scope: region };
  }

  private async deleteGroups(region: string, cluster: string, groups: Nodegroup[]) {
    const eks = this.c.eksIn(region);
    for (const g of groups) {
      if (g.status === "DELETING") continue;
      await this.c.send("eks", "DeleteNodegroup", () => eks.send(new DeleteNodegroupCommand({ clusterName: cluster, nodegroupName: g.nodegroupName })));
    }
  }

  async continueDelete(scope: string, externalId: string): Promise<string | null> {
    const region = this.region(scope);
    const cluster = await this.describe(region, externalId);
    if (cluster.status === "DELETING") return null;
    const groups = await this.nodegroups(region, externalId);
    if (groups.length) {
      const left = groups.filter((g) => g.status !== "DELETING");
      if (!left.length) return null;
      await this.deleteGroups(region, externalId, left);
      return `Deleting node groups ${left.map((g) => g.nodegroupName).join(", ")} again`;
    }
    const eks = this.c.eksIn(region);
    await this.c.send("eks", "DeleteCluster", () => eks.send(new DeleteClusterCommand({ name: externalId })));
    return "The node groups are gone; EKS accepted the cluster delete";
  }

  async createNodePool(scope: string, clusterId: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = nodeGroupSchema.safeParse(input);
    if (!parsed.success) throw invalid(`invalid node group: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, zodFields(parsed.error.issues));
    const v = parsed.data;
    const region = this.region(scope);
    const cluster = await this.describe(region, clusterId);
    const eks = this.c.eksIn(region);
    await this.c.send("eks", "CreateNodegroup", () =>
      eks.send(
        new CreateNodegroupCommand({
          clusterName: clusterId,
          nodegroupName: v.name,
          nodeRole: v.nodeRole,
          subnets: cluster.resourcesVpcConfig?.subnetIds ?? [],
          instanceTypes: [v.instanceType],
          capacityType: v.capacityType,
          diskSize: v.diskSize,
          scalingConfig: { minSize: v.minSize, maxSize: v.maxSize, desiredSize: v.desiredSize },
          tags: { "created-by": "clusterdeck" },
        }),
      ),
    );
    return { externalId: clusterId, scope: region };
  }

  /** desired size within [min, max], widening the range when the new size falls outside it */
  async updateNodePool(scope: string, clusterId: string, poolId: string, change: NodePoolChange): Promise<OperationHandle> {
    const region = this.region(scope);
    const eks = this.c.eksIn(region);
    const cur = (await this.c.send("eks", "DescribeNodegroup", () => eks.send(new DescribeNodegroupCommand({ clusterName: clusterId, nodegroupName: poolId })), { idempotent: true })).nodegroup?.scalingConfig ?? {};
    const desired = change.nodeCount ?? cur.desiredSize ?? 0;
    let min = change.minNodes ?? cur.minSize ?? 0;
    let max = change.maxNodes ?? cur.maxSize ?? Math.max(1, desired);
    if (change.autoscaling === false) min = max = Math.max(desired, 1);
    if (change.minNodes == null) min = Math.min(min, desired);
    if (change.maxNodes == null) max = Math.max(max, desired, 1);
    const out = await this.c.send("eks", "UpdateNodegroupConfig", () => eks.send(new UpdateNodegroupConfigCommand({ clusterName: clusterId, nodegroupName: poolId, scalingConfig: { desiredSize: desired, minSize: min, maxSize: max } })));
    return { externalId: clusterId, scope: region, providerRequestId: out.update?.id ?? null };
  }

  async deleteNodePool(scope: string, clusterId: string, poolId: string): Promise<OperationHandle> {
    const region = this.region(scope);
    const eks = this.c.eksIn(region);
    await this.c.send("eks", "DeleteNodegroup", () => eks.send(new DeleteNodegroupCommand({ clusterName: clusterId, nodegroupName: poolId })));
    return { externalId: clusterId, scope: region };
  }

  async upgradeNodePool(scope: string, clusterId: string, poolId: string, version: string): Promise<OperationHandle> {
    const region = this.region(scope);
    const eks = this.c.eksIn(region);
    const out = await this.c.send("eks", "UpdateNodegroupVersion", () => eks.send(new UpdateNodegroupVersionCommand({ clusterName: clusterId, nodegroupName: poolId, version })));
    return { externalId: clusterId, scope: region, providerRequestId: out.update?.id ?? null };
  }
}
