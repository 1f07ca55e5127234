// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient `declare module` cannot be imported; the reference carries it into the packages that import this file
/// <reference path="./ltijs.d.ts" />
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import type { LtijsAuthConfig, LtijsIdToken, LtijsProvider } from 'ltijs';
import type { DatabaseTarget } from '../data/db.js';

const require = createRequire(import.meta.url);

/**
 * The one place that sets up ltijs. What Margins keeps from it: the platform registry and the tool's
 * per-platform RSA keys (its keyset route), and the signing of Deep Linking responses. What Margins
 * replaces, in lti/ (see lti/README.md): login initiation, id_token validation, the ltik, and dynamic
 * registration, because each of those steps has a gap that cannot be closed by wrapping it.
 *
 * Hardening of what stays: CORS off (its bundled express 4 app otherwise answers any origin with
 * credentials), devMode always off, its SIGINT handler (which calls process.exit) removed so the
 * server's graceful shutdown stays in charge, and ltijs is only reachable through the keyset route.
 */

/** A platform as Margins needs it for login and launch; cached in memory for a short time. */
export interface PlatformInfo {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  authConfig: LtijsAuthConfig;
  active: boolean;
}

/** What a manual or dynamic registration gives ltijs. */
export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  authorizationServer?: string;
  jwksUrl: string;
}

/** How long a platform record is served from memory before it is read again. */
const PLATFORM_CACHE_MS = 30_000;

/** ltijs with Margins' settings, and a cached view of its platform registry. */
export class LtijsProviderWrapper {
  private readonly cache = new Map<string, { at: number; info: PlatformInfo }>();

  private constructor(
    private readonly provider: LtijsProvider,
    readonly keysetRoute: string,
  ) {}

  /** Sets up and deploys a fresh ltijs Provider instance (not the module singleton, so tests can run several). */
  static async start(opts: {
    secret: string;
    database: DatabaseTarget;
    keysetRoute: string;
    secureCookies: boolean;
  }): Promise<LtijsProviderWrapper> {
    const singleton = (require('ltijs') as { Provider: LtijsProvider }).Provider;
    const ProviderClass = (Object.getPrototypeOf(singleton) as { constructor: new () => LtijsProvider }).constructor;
    const provider = new ProviderClass();
    provider.setup(
      opts.secret,
      { plugin: makeSequelizePlugin(opts.database) },
      {
        keysetRoute: opts.keysetRoute,
        // Routes ltijs would otherwise own; Margins never forwards requests to them.
        appRoute: '/__ltijs_unused_app',
        loginRoute: '/__ltijs_unused_login',
        dynRegRoute: '/__ltijs_unused_register',
        cors: false,
        devMode: false,
        cookies: { secure: opts.secureCookies, sameSite: opts.secureCookies ? 'None' : 'Lax' },
      },
    );
    const before = new Set(process.listeners('SIGINT'));
    // ltijs-sequelize's migrator (umzug) logs each migration with console.info; our logs are structured.
    const info = console.info;
    console.info = () => {};
    try {
      await provider.deploy({ serverless: true, silent: true });
    } finally {
      console.info = info;
    }
    for (const l of process.listeners('SIGINT')) if (!before.has(l)) process.removeListener('SIGINT', l);
    return new LtijsProviderWrapper(provider, opts.keysetRoute);
  }

  /** Serves the tool's public keys (JWKS) by handing just this route to ltijs' own app. */
  keysetHandler(): RequestHandler {
    const app = this.provider.app;
    return (req, res, next) => {
      if (req.path !== this.keysetRoute) return next();
      app(req, res, next);
    };
  }

  /** The registered platform for (issuer, client_id), or null. Misses are never cached. */
  async platform(issuer: string, clientId: string): Promise<PlatformInfo | null> {
    const key = `${issuer}\n${clientId}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < PLATFORM_CACHE_MS) return hit.info;
    const p = await this.provider.getPlatform(issuer, clientId);
    if (!p) return null;
    const [name, authEndpoint, tokenEndpoint, authConfig, active] = await Promise.all([
      p.platformName(),
      p.platformAuthEndpoint(),
      p.platformAccessTokenEndpoint(),
      p.platformAuthConfig(),
      p.platformActive(),
    ]);
    const info: PlatformInfo = { issuer, clientId, name, authEndpoint, tokenEndpoint, authConfig, active };
    this.cache.set(key, { at: Date.now(), info });
    return info;
  }

  /** Registers (or updates) a platform; ltijs generates the tool's key pair for it. */
  async register(r: PlatformRegistration): Promise<void> {
    await this.provider.registerPlatform({
      url: r.issuer,
      name: r.name,
      clientId: r.clientId,
      authenticationEndpoint: r.authEndpoint,
      accesstokenEndpoint: r.tokenEndpoint,
      ...(r.authorizationServer ? { authorizationServer: r.authorizationServer } : {}),
      authConfig: { method: 'JWK_SET', key: r.jwksUrl },
    });
    this.cache.delete(`${r.issuer}\n${r.clientId}`);
  }

  /** Removes a platform registration. */
  async unregister(issuer: string, clientId: string): Promise<void> {
    await this.provider.deletePlatform(issuer, clientId);
    this.cache.delete(`${issuer}\n${clientId}`);
  }

  /** Signs a Deep Linking 2.0 response (LtiDeepLinkingResponse JWT) with the tool's key for that platform. */
  async deepLinkingResponse(idtoken: LtijsIdToken, items: unknown[], message?: string): Promise<string> {
    return this.provider.DeepLinking.createDeepLinkingMessage(idtoken, items, message ? { message } : undefined);
  }

  /**
   * The tool's own signing key for one platform (the key ltijs generated at registration and
   * publishes on the keyset route), for client assertions of the OAuth2 client_credentials grant.
   */
  async toolKey(issuer: string, clientId: string): Promise<{ kid: string; key: KeyObject } | null> {
    const p = await this.provider.getPlatform(issuer, clientId);
    if (!p) return null;
    const [kid, pem] = await Promise.all([p.platformKid(), p.platformPrivateKey()]);
    return { kid, key: createPrivateKey(pem) };
  }

  /** Stops ltijs' cleanup job and closes its database connection. */
  async close(): Promise<void> {
    await this.provider.close({ silent: true });
  }
}

/** ltijs-sequelize pointed at the same database as Margins' own tables. */
function makeSequelizePlugin(target: DatabaseTarget): unknown {
  const SequelizeDb = require('ltijs-sequelize') as new (
    db: string,
    user: string | null,
    pass: string | null,
    o: Record<string, unknown>,
  ) => unknown;
  if (target.kind === 'sqlite') {
    return new SequelizeDb('margins', null, null, {
      dialect: 'sqlite',
      storage: target.file,
      logging: false,
      hooks: {
        // Same file as Margins' connection: wait for the other writer rather than fail with SQLITE_BUSY.
        afterConnect: (conn: { run(sql: string, cb?: (e: Error | null) => void): void }) =>
          new Promise<void>((resolve) => conn.run('PRAGMA busy_timeout = 10000', () => resolve())),
      },
    });
  }
  const u = new URL(target.url);
  return new SequelizeDb(
    decodeURIComponent(u.pathname.slice(1)),
    decodeURIComponent(u.username) || null,
    decodeURIComponent(u.password) || null,
    {
      dialect: 'postgres',
      host: u.hostname,
      port: Number(u.port || 5432),
      logging: false,
      pool: { max: 5 },
    },
  );
}
