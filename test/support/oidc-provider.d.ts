// oidc-provider ships no types; the little the OIDC double uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface ProviderAccount {
    accountId: string;
    claims: () => Record<string, unknown>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host: string, callback: () => void): Server;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export type { ProviderAccount };
}
