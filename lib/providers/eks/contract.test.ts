/**
 * Contract: the official AWS SDK clients, unmodified, against the EKS simulator over real HTTP, for
 * every call the adapter makes — and the simulator's SigV4 checks and error bodies as the SDK parses
 * them (docs/providers/eks.md).
 */
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListClustersCommand,
  UpdateClusterVersionCommand,
} from "@aws-sdk/client-eks";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE, SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { createEksSimulator, simulator } from "@/simulators/eks";
import { ROLE_ARNS } from "@/simulators/eks/seed";
import type { EksState } from "@/simulators/eks/state";
import { ProviderError } from "../types";
import { definition } from ".";
import { EksAdapter } from "./adapter";

let sim: RunningSimulator;
let clock: SimClock;
let state: EksState;
const creds = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv);
const sdk = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey };
const eks = (region = "eu-west-1", credentials = sdk) => new EKSClient({ region, endpoint: sim.url, credentials, maxAttempts: 1 });
const adapter = (extra: Record<string, string> = {}) => new EksAdapter({ baseUrl: sim.url, credentials: { ...creds, regions: "us-east-1,eu-west-1", ...extra }, http: { timeoutMs: 3000, maxAttempts: 2, backoffBaseMs: 10 } });
const rejects = async (p: Promise<unknown>) => p.then(() => { throw new Error("expected a rejection"); }, (e: unknown) => e as Error & { $metadata: { httpStatusCode: number }; $response?: { headers: Record<string, string> } });

beforeAll(async () => {
  clock = new SimClock(1);
  const def = createEksSimulator({ clock, seed: "contract", credentials: creds });
  state = def.state;
  sim = await startSimulator(def, clock, { port: 0, seed: "contract" });
});
afterAll(async () => {
  await sim?.close();
});

describe("Signature Version 4, as the SDK signs", () => {
  it("accepts the SDK's signature for GET with a query, POST with a JSON body and form-encoded Query calls", async () => {
    expect((await eks().send(new ListClustersCommand({ maxResults: 5 }))).clusters!.length).toBeGreaterThan(0);
    expect((await eks().send(new DescribeClusterVersionsCommand({ includeAll: true, clusterVersions: ["1.33", "1.34"] }))).clusterVersions!.map((v) => v.clusterVersion)).toEqual(["1.34", "1.33"]);
    const who = await new STSClient({ region: "eu-west-1", endpoint: sim.url, credentials: sdk }).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe("123456789012");
  });

  it("wrong secret: 403 InvalidSignatureException; unknown key: 403 UnrecognizedClientException; both with the AWS error headers", async () => {
    const bad = await rejects(eks("eu-west-1", { ...sdk, secretAccessKey: "x".repeat(40) }).send(new ListClustersCommand({})));
    expect(bad.name).toBe("InvalidSignatureException");
    expect(bad.$metadata.httpStatusCode).toBe(403);
    expect(bad.message).toMatch(/signature we calculated does not match/);
    expect(bad.$response?.headers["x-amzn-errortype"]).toMatch(/^InvalidSignatureException/);
    expect(bad.$response?.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await rejects(eks("eu-west-1", { accessKeyId: "AKIAUNKNOWN000000001", secretAccessKey: "y".repeat(40) }).send(new ListClustersCommand({})));
    expect(unknown.name).toBe("UnrecognizedClientException");
    expect(unknown.$metadata.httpStatusCode).toBe(403);
  });

  it("no signature at all: 403 MissingAuthenticationTokenException", async () => {
    const res = await fetch(`${sim.url}/clusters`);
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException/);
    expect(await res.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("a body changed after signing is refused (the payload hash is part of the signature)", async () => {
    const client = eks();
    client.middlewareStack.add((next) => async (args) => {
      const req = args.request as { body?: unknown; headers: Record<string, string> };
      const text = typeof req.body === "string" ? req.body : req.body instanceof Uint8Array ? Buffer.from(req.body).toString("utf8") : "";
      expect(text).toContain("1.34");
      req.body = text.replace("1.34", "1.35");
      return next(args);
    }, { step: "deserialize", name: "tamper" });
    const e = await rejects(client.send(new UpdateClusterVersionCommand({ name: "nope", version: "1.34" })));
    expect(e.message).toMatch(/x-amz-content-sha256|signature we calculated/);
    expect(e.name).toBe("InvalidSignatureException");
  });

  it("Query services answer auth failures in their XML envelopes (IAM InvalidClientTokenId, EC2 AuthFailure)", async () => {
    const iam = await rejects(new IAMClient({ region: "us-east-1", endpoint: sim.url, credentials: { accessKeyId: "AKIAUNKNOWN000000001", secretAccessKey: "z".repeat(40) } }).send(new ListRolesCommand({})));
    expect(iam.name).toBe("InvalidClientTokenId");
    expect(iam.$metadata.httpStatusCode).toBe(403);
    const ec2 = await rejects(new EC2Client({ region: "eu-west-1", endpoint: sim.url, credentials: { accessKeyId: "AKIAUNKNOWN000000001", secretAccessKey: "z".repeat(40) } }).send(new DescribeSubnetsCommand({})));
    expect(ec2.name).toBe("AuthFailure");
    const sig = await rejects(new IAMClient({ region: "us-east-1", endpoint: sim.url, credentials: { ...sdk, secretAccessKey: "w".repeat(40) } }).send(new ListRolesCommand({})));
    expect(sig.name).toBe("SignatureDoesNotMatch");
  });

  it("the adapter maps all of them to unauthorized without echoing the secret", async () => {
    for (const bad of [{ secretAccessKey: "q".repeat(40) }, { accessKeyId: "AKIAUNKNOWN000000001" }] as Record<string, string>[]) {
      const e = (await adapter(bad).listScopes().catch((x: unknown) => x)) as ProviderError;
      expect(e).toBeInstanceOf(ProviderError);
      expect(e.kind).toBe("unauthorized");
      expect(JSON.stringify(e) + e.message).not.toContain("q".repeat(40));
    }
  });
});

describe("STS AssumeRole", () => {
  it("assumes the connection's role and signs with the temporary credentials (session token included)", async () => {
    const a = adapter({ roleArn: ROLE_ARNS.admin });
    const before = state.keys.size;
    expect((await a.listScopes()).map((s) => s.externalId)).toEqual(["us-east-1", "eu-west-1"]);
    expect(state.keys.size).toBe(before + 1);
    expect([...state.keys.keys()].some((k) => k.startsWith("ASIA"))).toBe(true);
  });

  it("a role the account may not assume is refused as forbidden", async () => {
    const e = (await adapter({ roleArn: ROLE_ARNS.cluster }).listScopes().catch((x: unknown) => x)) as ProviderError;
    expect(e.kind).toBe("forbidden");
    expect(e.message).toMatch(/not authorized to perform: sts:AssumeRole/);
  });
});

describe("create options through EC2 and IAM", () => {
  it("subnets and security groups of the region; cluster and node roles by their trust policy", async () => {
    const a = adapter();
    const subnets = await a.listOptions("subnets", { scope: "eu-west-1" });
    expect(subnets).toHaveLength(3);
    expect(subnets[0].label).toMatch(/eu-west-1[abc]/);
    const direct = await new EC2Client({ region: "eu-west-1", endpoint: sim.url, credentials: sdk }).send(new DescribeSubnetsCommand({ Filters: [{ Name: "availability-zone", Values: ["eu-west-1b"] }] }));
    expect(direct.Subnets!.map((s) => s.AvailabilityZone)).toEqual(["eu-west-1b"]);
    expect((await a.listOptions("securityGroups", { scope: "eu-west-1" })).length).toBe(2);
    const sgs = await new EC2Client({ region: "eu-west-1", endpoint: sim.url, credentials: sdk }).send(new DescribeSecurityGroupsCommand({}));
    expect(sgs.SecurityGroups!.every((g) => g.GroupId?.startsWith("sg-") && g.VpcId)).toBe(true);
    expect((await a.listOptions("clusterRoles", { scope: "eu-west-1" })).map((o) => o.value)).toEqual([ROLE_ARNS.cluster, "arn:aws:iam::123456789012:role/eks-platform-cluster"]);
    expect((await a.listOptions("nodeRoles", { scope: "eu-west-1" })).map((o) => o.value)).toEqual([ROLE_ARNS.node]);
    const versions = await a.listOptions("versions", { scope: "eu-west-1" });
    expect(versions.some((v) => /extended support until .*extra cost/.test(v.label))).toBe(true);
    expect(versions.some((v) => /\(default\)/.test(v.label))).toBe(true);
  });
});

describe("versions", () => {
  it("DescribeClusterVersions: standard, extended and unsupported versions with their dates", async () => {
    const all = await eks().send(new DescribeClusterVersionsCommand({ includeAll: true }));
    const statuses = new Set(all.clusterVersions!.map((v) => v.versionStatus));
    expect(statuses).toEqual(new Set(["STANDARD_SUPPORT", "EXTENDED_SUPPORT", "UNSUPPORTED"]));
    const v133 = all.clusterVersions!.find((v) => v.clusterVersion === "1.33")!;
    expect(v133.endOfStandardSupportDate).toBeInstanceOf(Date);
    expect(v133.endOfExtendedSupportDate!.toISOString().slice(0, 10)).toBe("2027-07-29");
    const supported = await eks().send(new DescribeClusterVersionsCommand({}));
    expect(supported.clusterVersions!.every((v) => v.versionStatus !== "UNSUPPORTED")).toBe(true);
    const mapped = await adapter().listVersions("eu-west-1");
    expect(mapped.find((v) => v.version === "1.28")).toMatchObject({ active: false, eol: "2025-11-26" });
  });
});

describe("lifecycle: create, node groups, upgrade one minor at a time, ordered delete", () => {
  it("runs end to end through the adapter, with EKS's refusals on the way", async () => {
    const a = adapter();
    const region = "us-east-1";
    const subnets = (await a.listOptions("subnets", { scope: region })).map((s) => ({ value: s.value }));
    const input = { name: "contract-1", version: "1.33", supportType: "EXTENDED", roleArn: ROLE_ARNS.cluster, subnetIds: subnets.slice(0, 2), securityGroupIds: [], endpointPublicAccess: true, endpointPrivateAccess: false };
    // EKS refuses subnets in a single AZ
    const oneAz = await a.createCluster(region, { ...input, subnetIds: [subnets[0], subnets[0]] }).catch((e: ProviderError) => e);
    expect(oneAz).toMatchObject({ kind: "invalid", message: expect.stringMatching(/at least two different AZs/) });
    const h = await a.createCluster(region, input, { idempotencyKey: "op-contract-1" });
    expect(h.cluster?.status).toBe("provisioning");
    // the same request again (a retried submit) returns the same cluster thanks to clientRequestToken
    expect((await a.createCluster(region, input, { idempotencyKey: "op-contract-1" })).externalId).toBe("contract-1");
    const dup = await a.createCluster(region, input, { idempotencyKey: "another" }).catch((e: ProviderError) => e);
    expect(dup).toMatchObject({ kind: "conflict" });
    // node groups only on an ACTIVE cluster
    const early = await a.createNodePool(region, "contract-1", { name: "ng", instanceType: "t3.medium", nodeRole: ROLE_ARNS.node, desiredSize: 1, minSize: 1, maxSize: 2 }).catch((e: ProviderError) => e);
    expect(early).toMatchObject({ kind: "invalid", message: expect.stringMatching(/not in ACTIVE/) });
    clock.advance(13 * MINUTE);
    expect((await a.getCluster(region, "contract-1")).status).toBe("running");

    await a.createNodePool(region, "contract-1", { name: "ng", instanceType: "m5.large", nodeRole: ROLE_ARNS.node, desiredSize: 2, minSize: 1, maxSize: 3 });
    let c = await a.getCluster(region, "contract-1");
    expect(c.nodePools[0]).toMatchObject({ name: "ng", status: "CREATING", version: "1.33", instanceType: "m5.large", nodeCount: 2 });
    clock.advance(6 * MINUTE);
    // scale beyond max widens the range; DescribeUpdate follows InProgress → Successful
    const scale = await a.updateNodePool(region, "contract-1", "ng", { nodeCount: 5 });
    expect((await a.describeUpdate(region, "contract-1", scale.providerRequestId!, "ng")).status).toBe("InProgress");
    clock.advance(4 * MINUTE);
    expect((await a.describeUpdate(region, "contract-1", scale.providerRequestId!, "ng")).status).toBe("Successful");
    c = await a.getCluster(region, "contract-1");
    expect(c.nodePools[0]).toMatchObject({ nodeCount: 5, maxNodes: 5, status: "ACTIVE" });

    // one minor at a time
    const skip = await a.upgradeCluster(region, "contract-1", "1.35").catch((e: ProviderError) => e);
    expect(skip).toMatchObject({ kind: "invalid", message: expect.stringMatching(/Unsupported Kubernetes minor version update from 1.33 to 1.35/) });
    const up = await a.upgradeCluster(region, "contract-1", "1.34");
    expect((await a.getCluster(region, "contract-1")).status).toBe("updating");
    const busy = await a.upgradeCluster(region, "contract-1", "1.34").catch((e: ProviderError) => e);
    expect(busy).toMatchObject({ kind: "conflict" });
    clock.advance(11 * MINUTE);
    expect((await a.describeUpdate(region, "contract-1", up.providerRequestId!)).status).toBe("Successful");
    c = await a.getCluster(region, "contract-1");
    expect(c).toMatchObject({ version: "1.34", status: "running" });
    // node groups must match before the next control-plane upgrade (and the dashboard says so first)
    const opts = definition.upgradeOptions({ cluster: c, versions: await a.listVersions(region), operationRunning: false });
    expect(opts.find((o) => o.version === "1.35")).toMatchObject({ allowed: false, reason: expect.stringMatching(/node group ng \(1.33\) must run 1.34 first/) });
    const blocked = await rejects(eks("us-east-1").send(new UpdateClusterVersionCommand({ name: "contract-1", version: "1.35" })));
    expect(blocked.name).toBe("InvalidRequestException");
    const tooNew = await rejects(eks("us-east-1").send(new CreateNodegroupCommand({ clusterName: "contract-1", nodegroupName: "future", nodeRole: ROLE_ARNS.node, subnets: [subnets[0].value], version: "1.35" })));
    expect(tooNew.name).toBe("InvalidParameterException");
    await a.upgradeNodePool(region, "contract-1", "ng", "1.34");
    clock.advance(9 * MINUTE);
    expect((await a.getCluster(region, "contract-1")).nodePools[0]).toMatchObject({ version: "1.34", status: "ACTIVE" });

    // DeleteCluster with node groups is refused as real EKS does; the adapter deletes node groups first
    const inUse = await rejects(eks("us-east-1").send(new DeleteClusterCommand({ name: "contract-1" })));
    expect(inUse.name).toBe("ResourceInUseException");
    expect(inUse.$metadata.httpStatusCode).toBe(409);
    const del = await a.deleteCluster(region, "contract-1");
    expect(del.note).toMatch(/node groups first: deleting ng/);
    expect(await a.continueDelete(region, "contract-1")).toBeNull();
    clock.advance(6 * MINUTE);
    expect(await a.continueDelete(region, "contract-1")).toMatch(/EKS accepted the cluster delete/);
    expect((await a.getCluster(region, "contract-1")).status).toBe("deleting");
    clock.advance(7 * MINUTE);
    const gone = await a.getCluster(region, "contract-1").catch((e: ProviderError) => e);
    expect(gone).toMatchObject({ kind: "not_found" });
    const sdkGone = await rejects(eks("us-east-1").send(new DescribeClusterCommand({ name: "contract-1" })));
    expect(sdkGone.name).toBe("ResourceNotFoundException");
    expect(sdkGone.message).toBe("No cluster found for name: contract-1.");
    const noUpdate = await rejects(eks("us-east-1").send(new DescribeUpdateCommand({ name: "contract-1", updateId: "00000000-0000-4000-8000-000000000000" })));
    expect(noUpdate.name).toBe("ResourceNotFoundException");
  }, 60_000);
});

describe("fault injection in each protocol's own format", () => {
  it("503 on EKS is ServiceUnavailableException (JSON); on IAM a Query XML error; both unavailable for the adapter", async () => {
    sim.setFaults({ errorRates: { "503": 1 }, retryAfterSeconds: 0 });
    try {
      const e = await rejects(eks().send(new ListClustersCommand({})));
      expect(e.name).toBe("ServiceUnavailableException");
      const i = await rejects(new IAMClient({ region: "us-east-1", endpoint: sim.url, credentials: sdk }).send(new ListRolesCommand({})));
      expect(i.name).toBe("ServiceUnavailable");
      const err = (await adapter().listOptions("nodeRoles", { scope: "eu-west-1" }).catch((x: unknown) => x)) as ProviderError;
      expect(err.kind).toBe("unavailable");
    } finally {
      sim.setFaults({});
    }
  });
});
