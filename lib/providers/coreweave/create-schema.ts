/**
 * The CKS create wizard: field metadata plus one zod schema used in the browser and on the
 * server. Browser-safe: imports zod and types only.
 */
import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";

const empty = (v: unknown) => (v === "" || v === null ? undefined : v);
const optText = z.preprocess(empty, z.string().trim().min(1).optional());
/** list fields arrive as ["a", "b"] or as wizard list items [{ value: "a" }] */
const stringList = z.preprocess(
  (v) => (Array.isArray(v) ? v.map((x) => (x && typeof x === "object" && "value" in x ? (x as { value: unknown }).value : x)) : empty(v)),
  z.array(z.string().trim().min(1)),
);
const optUrl = (https: boolean) =>
  z.preprocess(
    empty,
    z
      .string()
      .trim()
      .url("must be a URL")
      .refine((u) => !https || u.startsWith("https://"), "must be an https URL")
      .optional(),
  );
const optPort = z.preprocess((v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v), z.number().int().min(1).max(65535).optional());
const base64 = z.preprocess(empty, z.string().trim().regex(/^[A-Za-z0-9+/\s]*={0,2}$/, "must be base64-encoded").optional());

export const createInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "a name is required")
      .max(30, "at most 30 characters")
      .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "lower-case letters, digits and hyphens; start with a letter, end with a letter or digit"),
    zone: z.string().trim().regex(/^[A-Z0-9-]+$/, "a CoreWeave zone such as US-EAST-04A"),
    version: z.string().trim().regex(/^v?\d+\.\d+$/, 'a Kubernetes minor version such as "1.35"'),
    public: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : empty(v)), z.boolean().default(false)),
    vpcId: z.string().trim().uuid("pick a VPC"),
    podCidrName: z.string().trim().min(1, "pick the VPC prefix for pods"),
    serviceCidrName: z.string().trim().min(1, "pick the VPC prefix for services"),
    internalLbCidrNames: stringList.pipe(z.array(z.string()).min(1, "pick at least one internal load-balancer prefix")),
    serviceNodePortStart: optPort,
    serviceNodePortEnd: optPort,
    oidcIssuerUrl: optUrl(true),
    oidcClientId: optText,
    oidcUsernameClaim: optText,
    oidcUsernamePrefix: optText,
    oidcGroupsClaim: optText,
    oidcGroupsPrefix: optText,
    oidcRequiredClaim: optText,
    oidcCa: base64,
    authnWebhookServer: optUrl(false),
    authnWebhookCa: base64,
    authzWebhookServer: optUrl(false),
    authzWebhookCa: base64,
    auditPolicy: base64,
    additionalServerSans: z.preprocess((v) => v ?? undefined, stringList.pipe(z.array(z.string()).max(10, "at most 10 names")).optional()),
    disableOidcInfoPublication: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : empty(v)), z.boolean().optional()),
    kubeletMaxPods: z.preprocess((v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v), z.number().int().min(8).max(1024).optional()),
  })
  .superRefine((v, ctx) => {
    if (new Set(v.internalLbCidrNames).size !== v.internalLbCidrNames.length)
      ctx.addIssue({ code: "custom", path: ["internalLbCidrNames"], message: "each prefix only once" });
    const oidcSet = [v.oidcIssuerUrl, v.oidcClientId, v.oidcUsernameClaim, v.oidcUsernamePrefix, v.oidcGroupsClaim, v.oidcGroupsPrefix, v.oidcRequiredClaim, v.oidcCa].some((x) => x !== undefined);
    if (oidcSet && !v.oidcIssuerUrl) ctx.addIssue({ code: "custom", path: ["oidcIssuerUrl"], message: "required when OIDC is configured" });
    if (oidcSet && !v.oidcClientId) ctx.addIssue({ code: "custom", path: ["oidcClientId"], message: "required when OIDC is configured" });
    if (v.authnWebhookCa && !v.authnWebhookServer) ctx.addIssue({ code: "custom", path: ["authnWebhookServer"], message: "required when a CA is given" });
    if (v.authzWebhookCa && !v.authzWebhookServer) ctx.addIssue({ code: "custom", path: ["authzWebhookServer"], message: "required when a CA is given" });
    if ((v.serviceNodePortStart === undefined) !== (v.serviceNodePortEnd === undefined))
      ctx.addIssue({ code: "custom", path: [v.serviceNodePortStart === undefined ? "serviceNodePortStart" : "serviceNodePortEnd"], message: "give both ends of the range" });
    else if (v.serviceNodePortStart !== undefined && v.serviceNodePortEnd !== undefined && v.serviceNodePortStart >= v.serviceNodePortEnd)
      ctx.addIssue({ code: "custom", path: ["serviceNodePortEnd"], message: "must be above the start" });
    if (v.additionalServerSans && v.additionalServerSans.length === 0) ctx.addIssue({ code: "custom", path: ["additionalServerSans"], message: "remove the empty list or add a name" });
  });

export type CoreWeaveCreateInput = z.output<typeof createInputSchema>;

const STEPS = [
  { id: "cluster", title: "Cluster" },
  { id: "network", title: "Network" },
  { id: "auth", title: "Authentication (optional)" },
  { id: "advanced", title: "Advanced (optional)" },
];

const FIELDS: WizardField[] = [
  { step: "cluster", name: "name", label: "Cluster name", type: "text", required: true, placeholder: "prod-use04a", help: "Up to 30 lower-case letters, digits and hyphens; unique in your organization." },
  { step: "cluster", name: "zone", label: "Zone", type: "select", required: true, optionsSource: "zones", help: "Availability zone; only zones where you have a VPC are offered." },
  { step: "cluster", name: "version", label: "Kubernetes version", type: "select", required: true, optionsSource: "versions", help: "CKS runs the latest patch of the chosen minor version." },
  { step: "cluster", name: "public", label: "Public API server", type: "boolean", defaultValue: false, help: "Reach the API server from the Internet. Private clusters have no public endpoint." },
  { step: "network", name: "vpcId", label: "VPC", type: "select", required: true, optionsSource: "vpcs", dependsOn: ["zone"], help: "A ready VPC in the same zone." },
  { step: "network", name: "podCidrName", label: "Pod prefix", type: "select", required: true, optionsSource: "vpcPrefixes", dependsOn: ["vpcId"], help: "VPC prefix pods get their addresses from." },
  { step: "network", name: "serviceCidrName", label: "Service prefix", type: "select", required: true, optionsSource: "vpcPrefixes", dependsOn: ["vpcId"], help: "VPC prefix for Kubernetes service addresses." },
  {
    step: "network",
    name: "internalLbCidrNames",
    label: "Internal load-balancer prefixes",
    type: "list",
    required: true,
    help: "One or more VPC prefixes for internal load balancers. More can be added later; none can be removed.",
    itemFields: [{ step: "network", name: "value", label: "Prefix", type: "select", optionsSource: "vpcPrefixes", dependsOn: ["vpcId"], required: true }],
  },
  { step: "network", name: "serviceNodePortStart", label: "NodePort range start", type: "number", min: 1, max: 65535, placeholder: "30000", help: "Leave both empty for the default 30000-32767. The range can only grow later." },
  { step: "network", name: "serviceNodePortEnd", label: "NodePort range end", type: "number", min: 1, max: 65535, placeholder: "32767" },
  { step: "auth", name: "oidcIssuerUrl", label: "OIDC issuer URL", type: "text", placeholder: "https://login.example.com", help: "Optional: let users sign in with your identity provider." },
  { step: "auth", name: "oidcClientId", label: "OIDC client ID", type: "text" },
  { step: "auth", name: "oidcUsernameClaim", label: "OIDC username claim", type: "text", placeholder: "email" },
  { step: "auth", name: "oidcUsernamePrefix", label: "OIDC username prefix", type: "text" },
  { step: "auth", name: "oidcGroupsClaim", label: "OIDC groups claim", type: "text", placeholder: "groups" },
  { step: "auth", name: "oidcGroupsPrefix", label: "OIDC groups prefix", type: "text" },
  { step: "auth", name: "oidcRequiredClaim", label: "OIDC required claim", type: "text" },
  { step: "auth", name: "oidcCa", label: "OIDC CA (base64 PEM)", type: "textarea" },
  { step: "auth", name: "authnWebhookServer", label: "Authentication webhook URL", type: "text", help: "Optional token-review webhook." },
  { step: "auth", name: "authnWebhookCa", label: "Authentication webhook CA (base64 PEM)", type: "textarea" },
  { step: "auth", name: "authzWebhookServer", label: "Authorization webhook URL", type: "text", help: "Optional subject-access-review webhook." },
  { step: "auth", name: "authzWebhookCa", label: "Authorization webhook CA (base64 PEM)", type: "textarea" },
  { step: "advanced", name: "auditPolicy", label: "Audit policy (base64)", type: "textarea", help: "Kubernetes audit policy, JSON or YAML, base64-encoded." },
  { step: "advanced", name: "additionalServerSans", label: "Extra API server names", type: "list", help: "Up to 10 additional subject alternative names for the API server certificate.", itemFields: [{ step: "advanced", name: "value", label: "Name", type: "text" }] },
  { step: "advanced", name: "disableOidcInfoPublication", label: "Do not publish service-account OIDC documents", type: "boolean", defaultValue: false },
  { step: "advanced", name: "kubeletMaxPods", label: "Kubelet max pods", type: "number", min: 8, max: 1024, help: "Optional kubelet override; nodes reboot to apply it." },
];

export function createSchema(): CreateSchema {
  return { steps: STEPS, fields: FIELDS, schema: createInputSchema as unknown as CreateSchema["schema"] };
}
