import { apiRoute } from "@/lib/api/handler";
import { overview } from "@/lib/inventory";

export const dynamic = "force-dynamic";

/** Totals by provider / status / version, EOL exposure, connection health and running operations. */
export const GET = apiRoute({ permission: "inventory.read", name: "/api/v1/overview" }, async ({ actor }) => overview(actor.teamId));
