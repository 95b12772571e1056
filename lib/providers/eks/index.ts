import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { parseRegions, validRegion } from "./regions";
import { createSchema } from "./create-schema";
import { consoleUrl } from "./console";
import { upgradeOptions } from "./upgrade";

const optional = z.string().trim().max(4096).optional().or(z.literal("").transform(() => undefined));

export const definition: ProviderDefinition = {
  kind: "eks",
  displayName: "Amazon EKS",
  scopeLabel: "Region",
  // a host under amazonaws.com means AWS's public regional endpoints; any other URL overrides them (simulator, ALLOWED_PROVIDER_HOSTS)
  defaultBaseUrl: "https://eks.amazonaws.com",
  credentialFields: [
    { name: "accessKeyId", label: "Access key ID", help: "Of an IAM user or role session (AKIA… or ASIA…)." },
    { name: "secretAccessKey", label: "Secret access key" },
    { name: "sessionToken", label: "Session token (optional)", help: "Only for temporary credentials." },
    { name: "roleArn", label: "Role to assume (optional)", help: "arn:aws:iam::<account>:role/<name>; Clusterdeck assumes it through STS with the keys above." },
    { name: "regions", label: "Regions", help: "Comma-separated, e.g. eu-west-1, us-east-1. Default: us-east-1, us-west-2, eu-west-1, eu-central-1." },
  ],
  credentialsSchema: z
    .object({
      accessKeyId: z.string().trim().regex(/^[A-Z0-9]{16,128}$/, "an access key ID such as AKIA…"),
      secretAccessKey: z.string().trim().min(16, "the secret access key is required").max(256),
      sessionToken: optional,
      roleArn: z.string().trim().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "a role ARN such as arn:aws:iam::123456789012:role/name").optional().or(z.literal("").transform(() => undefined)),
      regions: z
        .string()
        .trim()
        .max(500)
        .optional()
        .refine((v) => parseRegions(v).every(validRegion), "AWS region names separated by commas, such as eu-west-1, us-east-1"),
    })
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ""))) as unknown as z.ZodType<Record<string, string>>,
  credentialsHelp:
    "Create an access key for an IAM user (IAM console → Users → Security credentials) or use a role: give the user sts:AssumeRole on a role with the permissions listed in the README (EKS read/write, ec2:DescribeSubnets, ec2:DescribeSecurityGroups, iam:ListRoles, iam:PassRole).",
  createAdapter: async (config) => new (await import("./adapter")).EksAdapter(config),
  createSchema,
  upgradeOptions,
  consoleUrl,
  nodePools: { create: true, scale: true, delete: true, upgrade: true },
};
