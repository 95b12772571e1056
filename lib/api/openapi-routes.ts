/**
 * Every route of the dashboard's API, for the OpenAPI document (lib/api/openapi.ts). A test walks
 * app/api/v1 and fails when a route is missing here.
 */
import * as r0 from "@/app/api/v1/audit/route";
import * as r1 from "@/app/api/v1/clusters/[id]/forget/route";
import * as r2 from "@/app/api/v1/clusters/[id]/kubeconfig/route";
import * as r3 from "@/app/api/v1/clusters/[id]/nodepools/[poolId]/route";
import * as r4 from "@/app/api/v1/clusters/[id]/nodepools/route";
import * as r5 from "@/app/api/v1/clusters/[id]/protection/route";
import * as r6 from "@/app/api/v1/clusters/[id]/route";
import * as r7 from "@/app/api/v1/clusters/[id]/upgrade-options/route";
import * as r8 from "@/app/api/v1/clusters/[id]/upgrade/route";
import * as r9 from "@/app/api/v1/clusters/route";
import * as r10 from "@/app/api/v1/connections/[id]/options/[source]/route";
import * as r11 from "@/app/api/v1/connections/[id]/route";
import * as r12 from "@/app/api/v1/connections/[id]/sync/route";
import * as r13 from "@/app/api/v1/connections/[id]/test/route";
import * as r14 from "@/app/api/v1/connections/demo/route";
import * as r15 from "@/app/api/v1/connections/route";
import * as r16 from "@/app/api/v1/me/preferences/route";
import * as r17 from "@/app/api/v1/me/route";
import * as r18 from "@/app/api/v1/me/team/route";
import * as r19 from "@/app/api/v1/operations/[id]/cancel/route";
import * as r20 from "@/app/api/v1/operations/[id]/route";
import * as r21 from "@/app/api/v1/operations/route";
import * as r22 from "@/app/api/v1/overview/route";
import * as r23 from "@/app/api/v1/scopes/route";
import * as r24 from "@/app/api/v1/sync/route";
import * as r25 from "@/app/api/v1/team/group-mappings/[id]/route";
import * as r26 from "@/app/api/v1/team/group-mappings/route";
import * as r27 from "@/app/api/v1/team/invitations/[id]/route";
import * as r28 from "@/app/api/v1/team/invitations/route";
import * as r29 from "@/app/api/v1/team/members/[id]/route";
import * as r30 from "@/app/api/v1/team/members/route";
import * as r31 from "@/app/api/v1/team/route";
import * as r32 from "@/app/api/v1/tokens/[id]/route";
import * as r33 from "@/app/api/v1/tokens/route";
import * as r34 from "@/app/api/v1/versions/route";

export const API_ROUTES: { path: string; module: Record<string, unknown> }[] = [
  { path: "/api/v1/audit", module: r0 },
  { path: "/api/v1/clusters/[id]/forget", module: r1 },
  { path: "/api/v1/clusters/[id]/kubeconfig", module: r2 },
  { path: "/api/v1/clusters/[id]/nodepools/[poolId]", module: r3 },
  { path: "/api/v1/clusters/[id]/nodepools", module: r4 },
  { path: "/api/v1/clusters/[id]/protection", module: r5 },
  { path: "/api/v1/clusters/[id]", module: r6 },
  { path: "/api/v1/clusters/[id]/upgrade-options", module: r7 },
  { path: "/api/v1/clusters/[id]/upgrade", module: r8 },
  { path: "/api/v1/clusters", module: r9 },
  { path: "/api/v1/connections/[id]/options/[source]", module: r10 },
  { path: "/api/v1/connections/[id]", module: r11 },
  { path: "/api/v1/connections/[id]/sync", module: r12 },
  { path: "/api/v1/connections/[id]/test", module: r13 },
  { path: "/api/v1/connections/demo", module: r14 },
  { path: "/api/v1/connections", module: r15 },
  { path: "/api/v1/me/preferences", module: r16 },
  { path: "/api/v1/me", module: r17 },
  { path: "/api/v1/me/team", module: r18 },
  { path: "/api/v1/operations/[id]/cancel", module: r19 },
  { path: "/api/v1/operations/[id]", module: r20 },
  { path: "/api/v1/operations", module: r21 },
  { path: "/api/v1/overview", module: r22 },
  { path: "/api/v1/scopes", module: r23 },
  { path: "/api/v1/sync", module: r24 },
  { path: "/api/v1/team/group-mappings/[id]", module: r25 },
  { path: "/api/v1/team/group-mappings", module: r26 },
  { path: "/api/v1/team/invitations/[id]", module: r27 },
  { path: "/api/v1/team/invitations", module: r28 },
  { path: "/api/v1/team/members/[id]", module: r29 },
  { path: "/api/v1/team/members", module: r30 },
  { path: "/api/v1/team", module: r31 },
  { path: "/api/v1/tokens/[id]", module: r32 },
  { path: "/api/v1/tokens", module: r33 },
  { path: "/api/v1/versions", module: r34 },
];
