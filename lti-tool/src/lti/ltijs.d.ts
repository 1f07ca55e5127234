/**
 * The few parts of ltijs 5.9.9 and ltijs-sequelize 2.4.4 that Margins uses (neither ships types for
 * these APIs). Only lti/ imports them.
 */
declare module 'ltijs' {
  import type { Express } from 'express';

  /** How the platform's id_token signatures are checked. */
  export interface LtijsAuthConfig {
    method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY';
    key: string;
  }

  /** A platform registration as ltijs stores it. */
  export interface LtijsPlatformInput {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: LtijsAuthConfig;
  }

  /** ltijs' Platform object: every accessor is async (it may read the database). */
  export interface LtijsPlatform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformName(): Promise<string>;
    platformKid(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    platformAuthConfig(): Promise<LtijsAuthConfig>;
    platformAuthEndpoint(): Promise<string>;
    platformAccessTokenEndpoint(): Promise<string>;
    platformAuthorizationServer(): Promise<string>;
  }

  /** The id token shape ltijs' services (deep linking, AGS, NRPS) read. */
  export interface LtijsIdToken {
    iss: string;
    clientId: string;
    deploymentId: string;
    platformContext: { deepLinkingSettings?: Record<string, unknown>; endpoint?: Record<string, unknown>; namesRoles?: Record<string, unknown> };
  }

  export interface LtijsSetupOptions {
    appRoute?: string;
    loginRoute?: string;
    keysetRoute?: string;
    dynRegRoute?: string;
    cors?: boolean;
    devMode?: boolean;
    tokenMaxAge?: number | false;
    cookies?: { secure?: boolean; sameSite?: string; domain?: string };
  }

  /** The ltijs Provider (a singleton instance is exported; its constructor makes more). */
  export interface LtijsProvider {
    app: Express;
    Database: unknown;
    setup(encryptionKey: string, database: { plugin: unknown } | { url: string }, options?: LtijsSetupOptions): LtijsProvider;
    deploy(options?: { serverless?: boolean; silent?: boolean; port?: number }): Promise<true>;
    close(options?: { silent?: boolean }): Promise<true>;
    onConnect(cb: (token: unknown, req: unknown, res: unknown, next: () => void) => unknown): true;
    registerPlatform(p: LtijsPlatformInput): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
    deletePlatform(url: string, clientId: string): Promise<true>;
    DeepLinking: {
      createDeepLinkingMessage(idtoken: LtijsIdToken, items: unknown[], options?: { message?: string; log?: string }): Promise<string>;
      createDeepLinkingForm(idtoken: LtijsIdToken, items: unknown[], options?: { message?: string; log?: string }): Promise<string>;
    };
  }

  export const Provider: LtijsProvider;
}

declare module 'ltijs-sequelize' {
  /** ltijs' Sequelize storage plugin: (database, user, password, Sequelize options). */
  class Database {
    constructor(database: string, user: string | null, pass: string | null, options: Record<string, unknown>);
  }
  export = Database;
}
