// Minimal typings for the parts of oidc-provider (no bundled types; @types/oidc-provider is not installed) the e2e provider uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined> });
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  }
}
