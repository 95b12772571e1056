/**
 * The Query-protocol services the EKS adapter also calls, at the same simulator URL:
 * EC2 (ec2 protocol: DescribeSubnets, DescribeSecurityGroups), IAM (awsQuery: ListRoles) and STS
 * (awsQuery: AssumeRole, GetCallerIdentity). Form-encoded POST in, XML out; errors in each
 * protocol's XML envelope (docs/providers/eks.md §3).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { SimResponse } from "@/simulators/kit/server";
import { ACCOUNT_ID, type EksState } from "./state";
import type { KnownKey } from "./sigv4";

export const XMLNS = {
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
} as const;
export const API_VERSIONS = { ec2: "2016-11-15", iam: "2010-05-08", sts: "2011-06-15" } as const;

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
const xml = (status: number, text: string, extra: Record<string, string> = {}): SimResponse => ({ status, text: `<?xml version="1.0" encoding="UTF-8"?>\n${text}`, headers: { "Content-Type": "text/xml;charset=UTF-8", "x-amzn-RequestId": randomUUID(), ...extra } });

/** an error in the protocol of `service` (EC2's own envelope; the awsQuery ErrorResponse for IAM and STS) */
export function queryError(service: string, status: number, code: string, message: string): SimResponse {
  const id = randomUUID();
  if (service === "ec2") return xml(status, `<Response><Errors><Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`);
  const ns = service === "sts" ? XMLNS.sts : XMLNS.iam;
  return xml(status, `<ErrorResponse xmlns="${ns}"><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
}

/** Filter.N.Name / Filter.N.Value.M → { name: values[] } */
function filters(form: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of form) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (!m) continue;
    const values: string[] = [];
    for (let j = 1; form.has(`Filter.${m[1]}.Value.${j}`); j++) values.push(form.get(`Filter.${m[1]}.Value.${j}`)!);
    out.set(v, values);
  }
  return out;
}

function listed(form: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.${i}`); i++) out.push(form.get(`${prefix}.${i}`)!);
  return out;
}

export function handleQuery(state: EksState, service: string, region: string, form: URLSearchParams, caller: { accessKeyId: string; key: KnownKey }): SimResponse {
  const action = form.get("Action") ?? "";
  const version = form.get("Version");
  const expected = API_VERSIONS[service as keyof typeof API_VERSIONS];
  if (!expected) return queryError("iam", 400, "InvalidAction", `The service ${service} is not available at this endpoint`);
  if (!action) return queryError(service, 400, "MissingAction", "The request must contain the parameter Action.");
  if (version !== expected) return queryError(service, 400, "InvalidParameterValue", `Version ${version ?? "(missing)"} is not valid for ${service}; use ${expected}`);
  const requestId = randomUUID();
  switch (`${service}:${action}`) {
    case "ec2:DescribeSubnets": {
      const f = filters(form);
      const ids = listed(form, "SubnetId");
      const unknown = ids.find((id) => !state.subnets.some((s) => s.subnetId === id && s.region === region));
      if (unknown) return queryError("ec2", 400, "InvalidSubnetID.NotFound", `The subnet ID '${unknown}' does not exist`);
      const rows = state.subnets.filter((s) => s.region === region && (!ids.length || ids.includes(s.subnetId)) && (!f.get("vpc-id") || f.get("vpc-id")!.includes(s.vpcId)) && (!f.get("availability-zone") || f.get("availability-zone")!.includes(s.availabilityZone)));
      const items = rows
        .map((s) => `<item><subnetId>${s.subnetId}</subnetId><subnetArn>arn:aws:ec2:${region}:${ACCOUNT_ID}:subnet/${s.subnetId}</subnetArn><state>available</state><ownerId>${ACCOUNT_ID}</ownerId><vpcId>${s.vpcId}</vpcId><cidrBlock>${s.cidrBlock}</cidrBlock><availableIpAddressCount>${s.availableIpAddressCount}</availableIpAddressCount><availabilityZone>${s.availabilityZone}</availabilityZone><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>${s.mapPublicIpOnLaunch}</mapPublicIpOnLaunch><tagSet><item><key>Name</key><value>${esc(s.name)}</value></item></tagSet></item>`)
        .join("");
      return xml(200, `<DescribeSubnetsResponse xmlns="${XMLNS.ec2}"><requestId>${requestId}</requestId><subnetSet>${items}</subnetSet></DescribeSubnetsResponse>`);
    }
    case "ec2:DescribeSecurityGroups": {
      const f = filters(form);
      const ids = listed(form, "GroupId");
      const rows = state.securityGroups.filter((g) => g.region === region && (!ids.length || ids.includes(g.groupId)) && (!f.get("vpc-id") || f.get("vpc-id")!.includes(g.vpcId)));
      const items = rows.map((g) => `<item><ownerId>${ACCOUNT_ID}</ownerId><groupId>${g.groupId}</groupId><groupName>${esc(g.groupName)}</groupName><groupDescription>${esc(g.description)}</groupDescription><vpcId>${g.vpcId}</vpcId><ipPermissions/><ipPermissionsEgress/></item>`).join("");
      return xml(200, `<DescribeSecurityGroupsResponse xmlns="${XMLNS.ec2}"><requestId>${requestId}</requestId><securityGroupInfo>${items}</securityGroupInfo></DescribeSecurityGroupsResponse>`);
    }
    case "iam:ListRoles": {
      const prefix = form.get("PathPrefix") ?? "/";
      const max = Number(form.get("MaxItems") ?? 100);
      if (!Number.isInteger(max) || max < 1 || max > 1000) return queryError("iam", 400, "ValidationError", "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
      const start = Number(form.get("Marker") ?? 0) || 0;
      // every simulated role lives at path "/"
      const all = "/".startsWith(prefix) ? state.roles : [];
      const rows = all.slice(start, start + max);
      const truncated = start + max < all.length;
      const members = rows
        .map((r) => {
          const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: r.trustedPrincipal.startsWith("arn:") ? { AWS: r.trustedPrincipal } : { Service: r.trustedPrincipal }, Action: "sts:AssumeRole" }] };
          return `<member><Path>/</Path><RoleName>${esc(r.roleName)}</RoleName><RoleId>${r.roleId}</RoleId><Arn>${esc(r.arn)}</Arn><CreateDate>${new Date(r.createDate).toISOString().replace(/\.\d{3}Z$/, "Z")}</CreateDate><AssumeRolePolicyDocument>${encodeURIComponent(JSON.stringify(doc))}</AssumeRolePolicyDocument><Description>${esc(r.description)}</Description><MaxSessionDuration>3600</MaxSessionDuration></member>`;
        })
        .join("");
      return xml(200, `<ListRolesResponse xmlns="${XMLNS.iam}"><ListRolesResult><IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${start + max}</Marker>` : ""}<Roles>${members}</Roles></ListRolesResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></ListRolesResponse>`);
    }
    case "sts:GetCallerIdentity": {
      return xml(200, `<GetCallerIdentityResponse xmlns="${XMLNS.sts}"><GetCallerIdentityResult><Arn>${esc(caller.key.arn)}</Arn><UserId>${caller.key.sessionToken ? `AROA${caller.accessKeyId.slice(4, 20)}:clusterdeck` : `AIDA${caller.accessKeyId.slice(4, 20)}`}</UserId><Account>${ACCOUNT_ID}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
    }
    case "sts:AssumeRole": {
      const roleArn = form.get("RoleArn") ?? "";
      const session = form.get("RoleSessionName") ?? "";
      if (!roleArn || !session) return queryError("sts", 400, "ValidationError", "RoleArn and RoleSessionName are required");
      if (!/^[\w+=,.@-]{2,64}$/.test(session)) return queryError("sts", 400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
      const duration = Number(form.get("DurationSeconds") ?? 3600);
      if (!Number.isInteger(duration) || duration < 900 || duration > 43200) return queryError("sts", 400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
      const role = state.roles.find((r) => r.arn === roleArn);
      if (!role || role.trustedPrincipal !== `arn:aws:iam::${ACCOUNT_ID}:root`) return queryError("sts", 403, "AccessDenied", `User: ${caller.key.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      const accessKeyId = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
      const secretAccessKey = randomBytes(30).toString("base64");
      const sessionToken = `FwoGZXIvYXdzE${randomBytes(48).toString("base64")}`;
      // temporary credentials expire in real time (signatures are checked against the wall clock)
      const expiresAt = Date.now() + duration * 1000;
      const arn = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role.roleName}/${session}`;
      state.keys.set(accessKeyId, { secretAccessKey, sessionToken, expiresAt, arn });
      return xml(200, `<AssumeRoleResponse xmlns="${XMLNS.sts}"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${esc(secretAccessKey)}</SecretAccessKey><SessionToken>${esc(sessionToken)}</SessionToken><Expiration>${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z")}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>${role.roleId}:${esc(session)}</AssumedRoleId><Arn>${esc(arn)}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`);
    }
    default:
      return queryError(service, 400, "InvalidAction", `The action ${action} is not valid for this web service.`);
  }
}
