import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import express from 'express';
import type { DatabaseTarget } from '@margins/lti-tool/data/db';

const require = createRequire(import.meta.url);

interface Ltijs {
  app: any;
  setup(key: string, db: { plugin: unknown }, options: Record<string, unknown>): void;
  deploy(opts: { serverless: boolean; silent: boolean }): Promise<boolean>;
  close(opts: { silent: boolean }): Promise<boolean>;
  onConnect(h: (token: any, req: any, res: any) => unknown): void;
  registerPlatform(p: Record<string, unknown>): Promise<unknown>;
}

/** The benchmark baseline: plain ltijs 5.9.9 with its defaults (serverless inside express 5), no Margins code. */
export interface PlainLtijs {
  url: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  server: http.Server;
  registerPlatform(p: {
    issuer: string;
    clientId: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    jwksUrl: string;
  }): Promise<void>;
  close(): Promise<void>;
}

/** Starts plain ltijs on `target` (SQLite file or PostgreSQL database), with one protected API route. */
export async function startPlainLtijs(target: DatabaseTarget): Promise<PlainLtijs> {
  const singleton = (require('ltijs') as { Provider: Ltijs }).Provider;
  const lti = new (Object.getPrototypeOf(singleton).constructor as new () => Ltijs)();
  const Database = require('ltijs-sequelize') as new (
    db: string,
    user: string | null,
    pass: string | null,
    opts: Record<string, unknown>,
  ) => unknown;
  let plugin: unknown;
  if (target.kind === 'sqlite')
    plugin = new Database('baseline', null, null, { dialect: 'sqlite', storage: target.file, logging: false });
  else {
    const u = new URL(target.url);
    plugin = new Database(u.pathname.slice(1), u.username || null, u.password || null, {
      dialect: 'postgres',
      host: u.hostname,
      port: Number(u.port || 5432),
      logging: false,
    });
  }
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  lti.setup(
    'plain-ltijs-benchmark-key',
    { plugin },
    { appRoute: '/launch', loginRoute: '/login', keysetRoute: '/keys' },
  );
  lti.onConnect((token, _req, res) => res.json({ ok: true, user: token.user, ltik: res.locals.ltik }));
  // The "first API call": a route ltijs protects with the ltik (Authorization: Bearer) and its session cookie.
  lti.app.get('/api/first', (_req: unknown, res: { json(v: unknown): void; locals: { token: { user: string } } }) =>
    res.json({ user: res.locals.token.user }),
  );
  const info = console.info;
  console.info = () => {};
  try {
    await lti.deploy({ serverless: true, silent: true });
  } finally {
    console.info = info;
  }
  for (const l of process.listeners('SIGINT')) process.removeListener('SIGINT', l);
  app.use(lti.app);
  return {
    url,
    loginUrl: `${url}/login`,
    launchUrl: `${url}/launch`,
    jwksUrl: `${url}/keys`,
    server,
    async registerPlatform(p) {
      await lti.registerPlatform({
        url: p.issuer,
        name: 'Bench platform',
        clientId: p.clientId,
        authenticationEndpoint: p.authorizationEndpoint,
        accesstokenEndpoint: p.tokenEndpoint,
        authConfig: { method: 'JWK_SET', key: p.jwksUrl },
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lti.close({ silent: true });
    },
  };
}
