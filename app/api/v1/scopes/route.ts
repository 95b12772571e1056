import { apiRoute } from "@/lib/api/handler";
import { listScopes } from "@/lib/inventory";

export const dynamic = "force-dynamic";

/** Orgs / projects / regions / zones across the team's connections, with cluster counts. */
export const GET = apiRoute({ permission: "inventory.read", name: "/api/v1/scopes" }, async ({ actor }) => listScopes(actor.teamId));
