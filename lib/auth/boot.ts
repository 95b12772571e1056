/** Start-up step (lib/boot.ts, after migrations): SSO group mappings from the environment, the bootstrap owner. */
import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { parseGroupMappings, seedGroupMappings } from "@/lib/teams";
import { bootstrapOwner } from "./users";

export async function authBootStep(): Promise<void> {
  const c = config();
  const specs = parseGroupMappings(c.OIDC_GROUP_MAPPINGS);
  if (specs.length) {
    const { created } = await seedGroupMappings(specs);
    logger.info({ mappings: specs.length, created }, `SSO group mappings from OIDC_GROUP_MAPPINGS: ${created} new`);
  }
  if (c.BOOTSTRAP_ADMIN_EMAIL && c.BOOTSTRAP_ADMIN_PASSWORD) {
    const { created } = await bootstrapOwner(c.BOOTSTRAP_ADMIN_EMAIL, c.BOOTSTRAP_ADMIN_PASSWORD);
    if (created) logger.info({ email: c.BOOTSTRAP_ADMIN_EMAIL }, "created the bootstrap owner from BOOTSTRAP_ADMIN_EMAIL");
  } else if (c.BOOTSTRAP_ADMIN_EMAIL || c.BOOTSTRAP_ADMIN_PASSWORD) {
    logger.warn("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must both be set to create the bootstrap owner");
  }
}
