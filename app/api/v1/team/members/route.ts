import { apiRoute } from "@/lib/api/handler";
import { listMembers } from "@/lib/teams";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "members.read", name: "/api/v1/team/members" }, async ({ actor }) => ({ items: await listMembers(actor.teamId) }));
