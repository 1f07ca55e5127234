import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { DatabaseTarget } from '@margins/lti-tool/data/db';
import { openDb } from '@margins/lti-tool/data/db';
import { migrate, MIGRATIONS } from '@margins/lti-tool/data/migrations';
import { TenancyRepo } from '@margins/lti-tool/data/tenancy-repo';
import { deriveKey } from '@margins/lti-tool/services/signed-token';

const require = createRequire(import.meta.url);

interface Ltijs {
  app: any;
  setup(key: string, db: { plugin: unknown }, options: Record<string, unknown>): void;
  deploy(opts: { serverless: boolean; silent: boolean }): Promise<boolean>;
  close(opts: { silent: boolean }): Promise<boolean>;
  registerPlatform(p: Record<string, unknown>): Promise<{ platformKid(): Promise<string> }>;
}

/** The last migration of the versions that kept the platform registry in ltijs. */
const LAST_LTIJS_ERA_MIGRATION = 52;

/** A platform as the ltijs-era admin registered it. */
export interface LtijsEraPlatform {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  deploymentIds: string[];
}

/** What the ltijs-era install left behind. */
export interface LtijsEraInstall {
  /** The kid ltijs made for each platform, by client_id. */
  kids: Record<string, string>;
  /** The keyset ltijs served at its keyset route (what an LMS has cached). */
  keyset: { keys: Array<Record<string, unknown>> };
}

/**
 * Installs Margins the way versions before issue 19 did, on `target`: Margins' migrations up to 052,
 * then ltijs 5.9.9 + ltijs-sequelize 2.4.4 on the same database, set up with the key those versions
 * derived from MARGINS_SECRET (`deriveKey(secret, 'ltijs')`, hex); each platform registered through
 * ltijs (which made its RSA key pair) and as a Margins tenant with its deployments. Returns the kids
 * and the keyset ltijs served, then closes ltijs.
 */
export async function installLtijsEra(
  target: DatabaseTarget,
  secret: string,
  platforms: LtijsEraPlatform[],
): Promise<LtijsEraInstall> {
  const db = openDb(target);
  try {
    await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= LAST_LTIJS_ERA_MIGRATION) });
    const tenancy = new TenancyRepo(db);
    const lti = newProvider();
    const before = new Set(process.listeners('SIGINT'));
    lti.setup(deriveKey(secret, 'ltijs').toString('hex'), { plugin: sequelizePlugin(target) }, { cors: false });
    const info = console.info;
    console.info = () => {}; // its migrator logs each step
    try {
      await lti.deploy({ serverless: true, silent: true });
    } finally {
      console.info = info;
    }
    const kids: Record<string, string> = {};
    let keyset: LtijsEraInstall['keyset'];
    try {
      for (const p of platforms) {
        const registered = await lti.registerPlatform({
          url: p.issuer,
          name: p.name,
          clientId: p.clientId,
          authenticationEndpoint: p.authEndpoint,
          accesstokenEndpoint: p.tokenEndpoint,
          authConfig: { method: 'JWK_SET', key: p.jwksUrl },
        });
        kids[p.clientId] = await registered.platformKid();
        const tenant = await tenancy.ensureTenant({
          issuer: p.issuer,
          clientId: p.clientId,
          name: p.name,
          product: 'canvas',
        });
        for (const d of p.deploymentIds) await tenancy.addDeployment(tenant.id, d);
      }
      keyset = await servedKeyset(lti);
    } finally {
      await lti.close({ silent: true });
      for (const l of process.listeners('SIGINT')) if (!before.has(l)) process.removeListener('SIGINT', l);
    }
    return { kids, keyset };
  } finally {
    await db.close();
  }
}

/** A fresh ltijs Provider (the module exports a singleton; tests may run several). */
function newProvider(): Ltijs {
  const singleton = (require('ltijs') as { Provider: Ltijs }).Provider;
  return new (Object.getPrototypeOf(singleton).constructor as new () => Ltijs)();
}

function sequelizePlugin(target: DatabaseTarget): unknown {
  const Database = require('ltijs-sequelize') as new (
    db: string,
    user: string | null,
    pass: string | null,
    opts: Record<string, unknown>,
  ) => unknown;
  if (target.kind === 'sqlite')
    return new Database('margins', null, null, { dialect: 'sqlite', storage: target.file, logging: false });
  const u = new URL(target.url);
  return new Database(
    decodeURIComponent(u.pathname.slice(1)),
    decodeURIComponent(u.username) || null,
    decodeURIComponent(u.password) || null,
    { dialect: 'postgres', host: u.hostname, port: Number(u.port || 5432), logging: false },
  );
}

/** GETs ltijs' own keyset route (default `/keys`) from its express app. */
async function servedKeyset(lti: Ltijs): Promise<LtijsEraInstall['keyset']> {
  const server = http.createServer(lti.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`);
    if (res.status !== 200) throw new Error(`ltijs answered its keyset route with ${res.status}`);
    return (await res.json()) as LtijsEraInstall['keyset'];
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
