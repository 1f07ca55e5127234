/**
 * A real LTI tool on the other side of the platform's tests: plain ltijs 5.9.9 with ltijs-sequelize on a
 * SQLite file in a temp dir, deployed serverless inside an express 5 app (cors off). It is not Margins:
 * its routes only expose what ltijs saw (the validated launch, NRPS members, AGS results) so the tests can
 * check the platform end to end. ltijs is a singleton, so one stand-in per test file.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';

const require = createRequire(import.meta.url);

type Handler = (req: any, res: any, next?: any) => unknown;
interface Ltijs {
  app: { get(path: string, h: Handler): void; post(path: string, h: Handler): void };
  setup(key: string, db: { plugin: unknown }, options: Record<string, unknown>): void;
  deploy(opts: { serverless: boolean; silent: boolean }): Promise<boolean>;
  close(opts: { silent: boolean }): Promise<boolean>;
  onConnect(h: (token: any, req: any, res: any) => unknown): void;
  onDeepLinking(h: (token: any, req: any, res: any) => unknown): void;
  registerPlatform(p: Record<string, unknown>): Promise<unknown>;
  DeepLinking: { createDeepLinkingForm(token: any, items: unknown[], opts: Record<string, string>): Promise<string> };
  NamesAndRoles: { getMembers(token: any, opts?: Record<string, unknown>): Promise<any> };
  Grade: {
    createLineItem(token: any, lineItem: Record<string, unknown>): Promise<any>;
    getLineItems(token: any, opts?: Record<string, unknown>): Promise<any>;
    submitScore(token: any, lineItemId: string, score: Record<string, unknown>): Promise<any>;
    getScores(token: any, lineItemId: string, opts?: Record<string, unknown>): Promise<any>;
  };
}

/** The stand-in tool as the tests see it. */
export interface StandInTool {
  url: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  registerUrl: string;
  /** Registers a platform manually in ltijs (what an admin would type in). */
  registerPlatform(p: {
    issuer: string;
    clientId: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    jwksUrl: string;
    name?: string;
  }): Promise<void>;
  close(): Promise<void>;
}

/** Starts the ltijs stand-in on 127.0.0.1 with a fresh SQLite database. */
export async function startStandInTool(): Promise<StandInTool> {
  const lti = (require('ltijs') as { Provider: Ltijs }).Provider;
  const Database = require('ltijs-sequelize') as new (
    db: string,
    user: null,
    pass: null,
    opts: Record<string, unknown>,
  ) => unknown;
  const dir = mkdtempSync(join(tmpdir(), 'margins-standin-'));
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  lti.setup(
    'stand-in-tool-test-key',
    {
      plugin: new Database('standin', null, null, {
        dialect: 'sqlite',
        storage: join(dir, 'ltijs.sqlite'),
        logging: false,
      }),
    },
    {
      appRoute: '/launch',
      loginRoute: '/login',
      keysetRoute: '/keys',
      dynRegRoute: '/register',
      cors: false,
      devMode: false,
      tokenMaxAge: 60,
      dynReg: { url, name: 'Stand-in tool', description: 'ltijs stand-in for the platform tests', autoActivate: true },
    },
  );
  lti.onConnect((token, _req, res) =>
    res.json({
      ok: true,
      messageType: token.platformContext.messageType,
      user: token.user,
      name: token.userInfo?.name,
      iss: token.iss,
      clientId: token.clientId,
      deploymentId: token.deploymentId,
      roles: token.platformContext.roles,
      context: token.platformContext.context,
      resource: token.platformContext.resource,
      custom: token.platformContext.custom,
      ltik: res.locals.ltik,
    }),
  );
  lti.onDeepLinking((token, _req, res) =>
    res.json({
      ok: true,
      messageType: token.platformContext.messageType,
      settings: token.platformContext.deepLinkingSettings,
      ltik: res.locals.ltik,
    }),
  );
  const guard =
    (fn: Handler): Handler =>
    async (req, res) => {
      try {
        await fn(req, res);
      } catch (err) {
        res.status(502).json({
          ok: false,
          error: String((err as Error).message),
          body: (err as { response?: { body?: unknown } }).response?.body,
        });
      }
    };
  lti.app.get(
    '/deeplink/submit',
    guard(async (_req, res) => {
      const items = [
        {
          type: 'ltiResourceLink',
          title: 'Sentence frames for ratio talk',
          url: `${url}/launch`,
          custom: { collection: 'ratios-1' },
        },
        { type: 'link', title: 'Ratio tables explainer', url: 'https://curriculum.example.org/ratios' },
      ];
      res
        .type('html')
        .send(await lti.DeepLinking.createDeepLinkingForm(res.locals.token, items, { message: 'Added 2 items' }));
    }),
  );
  lti.app.get(
    '/nrps',
    guard(async (req, res) => {
      res.json(await lti.NamesAndRoles.getMembers(res.locals.token, req.query.role ? { role: req.query.role } : {}));
    }),
  );
  lti.app.post(
    '/ags',
    guard(async (_req, res) => {
      const token = res.locals.token;
      const created = await lti.Grade.createLineItem(token, {
        scoreMaximum: 10,
        label: 'PD reflection',
        resourceLinkId: token.platformContext.resource.id,
        tag: 'pd',
      });
      const listed = await lti.Grade.getLineItems(token, { resourceLinkId: true });
      await lti.Grade.submitScore(token, created.id, {
        userId: 'sam',
        scoreGiven: 8,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        comment: 'Thoughtful',
      });
      const scores = await lti.Grade.getScores(token, created.id);
      res.json({ ok: true, created, listed, scores });
    }),
  );

  await lti.deploy({ serverless: true, silent: true });
  app.use(lti.app as unknown as express.RequestHandler);

  return {
    url,
    loginUrl: `${url}/login`,
    launchUrl: `${url}/launch`,
    jwksUrl: `${url}/keys`,
    registerUrl: `${url}/register`,
    async registerPlatform(p) {
      await lti.registerPlatform({
        url: p.issuer,
        name: p.name ?? 'Test platform',
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
