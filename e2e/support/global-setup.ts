/** Playwright globalSetup: the test OpenID Connect provider (see oidc-provider.ts), stopped at teardown. */
import { startOidcProvider } from "./oidc-provider";

export default async function globalSetup() {
  const op = await startOidcProvider();
  return async () => {
    await op.stop();
  };
}
