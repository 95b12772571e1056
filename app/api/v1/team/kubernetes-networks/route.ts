import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { privateNetworksInput } from "@/lib/connections/private-networks";
import { getKubernetesNetworks, setKubernetesNetworks } from "@/lib/teams";

export const dynamic = "force-dynamic";

/** Private networks (CIDRs, host names) the team's Kubernetes API connections may reach. */
export const GET = apiRoute({ permission: "connections.read", name: "/api/v1/team/kubernetes-networks" }, async ({ actor }) => ({ networks: await getKubernetesNetworks(actor.teamId) }));

/** Owners replace the list; each entry is checked (private ranges only; never loopback, link-local or metadata). */
export const PUT = apiRoute(
  { permission: "team.settings", name: "/api/v1/team/kubernetes-networks", body: z.object({ networks: privateNetworksInput }).strict() },
  async ({ actor, body, audit }) => ({ networks: await setKubernetesNetworks(actor.teamId, body.networks, audit) }),
);
