import { apiRoute } from "@/lib/api/handler";
import { listVersions } from "@/lib/inventory";

export const dynamic = "force-dynamic";

/** Kubernetes versions per provider with EOL, cluster counts and the versions each may upgrade to. */
export const GET = apiRoute({ permission: "inventory.read", name: "/api/v1/versions" }, async ({ actor }) => listVersions(actor.teamId));
