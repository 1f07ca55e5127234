import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestTool } from '@margins/lti-tool/testing/tool';
import { startPlainLtijs } from './plain-ltijs.js';

/**
 * Runs the tool under test (Margins or plain ltijs) in its own thread, as it would run on its own
 * machine next to the LMS: its event loop is not shared with the platform and the load driver.
 * Measures the server time of every request carrying a bench_flow cookie, summed per flow.
 */

type Msg =
  | {
      type: 'register';
      platform: {
        issuer: string;
        clientId: string;
        authorizationEndpoint: string;
        tokenEndpoint: string;
        jwksUrl: string;
      };
    }
  | { type: 'times' }
  | { type: 'close' };

const { which, db } = workerData as { which: 'margins' | 'plain'; db: Pick<TestDatabase, 'target' | 'dataDir'> };
const perFlow = new Map<string, number>();

function time(server: Server): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const flow = /(?:^|;\s*)bench_flow=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (!flow) return;
    const start = process.hrtime.bigint();
    res.on('finish', () => perFlow.set(flow, (perFlow.get(flow) ?? 0) + Number(process.hrtime.bigint() - start) / 1e6));
  });
}

async function main(): Promise<void> {
  let urls: { login: string; launch: string; keys: string; base: string };
  let register: (p: Extract<Msg, { type: 'register' }>['platform'], deploymentIds: string[]) => Promise<void>;
  let close: () => Promise<void>;
  if (which === 'margins') {
    const tool = await startTestTool({ ...db, drop: async () => {} }, { RATE_LIMIT_PER_MINUTE: '1000000' });
    time(tool.server);
    urls = { ...tool.services.urls, base: tool.url };
    register = async (p, deploymentIds) => {
      await tool.services.platforms.register({
        issuer: p.issuer,
        clientId: p.clientId,
        authEndpoint: p.authorizationEndpoint,
        tokenEndpoint: p.tokenEndpoint,
        jwksUrl: p.jwksUrl,
        deploymentIds,
        product: 'canvas',
      });
    };
    close = () => tool.stop();
  } else {
    const target =
      db.target.kind === 'sqlite' ? { kind: 'sqlite' as const, file: `${db.target.file}.baseline` } : db.target;
    const p = await startPlainLtijs(target);
    time(p.server);
    urls = { login: p.loginUrl, launch: p.launchUrl, keys: p.jwksUrl, base: p.url };
    register = (pc) => p.registerPlatform(pc);
    close = () => p.close();
  }
  parentPort!.on('message', (m: Msg) => {
    void (async () => {
      if (m.type === 'register') {
        await register(m.platform, ['dep-1']);
        parentPort!.postMessage({ type: 'registered' });
      } else if (m.type === 'times') {
        parentPort!.postMessage({ type: 'times', times: Object.fromEntries(perFlow) });
      } else {
        await close();
        parentPort!.postMessage({ type: 'closed' });
      }
    })().catch((e: unknown) => parentPort!.postMessage({ type: 'error', message: String(e) }));
  });
  parentPort!.postMessage({ type: 'ready', urls });
}

void main().catch((e: unknown) => parentPort!.postMessage({ type: 'error', message: String((e as Error).stack ?? e) }));
