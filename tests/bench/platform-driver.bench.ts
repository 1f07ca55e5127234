/**
 * What the test platform and its browser-less driver cost per launch, so the tool's latency benchmark
 * (50 concurrent users) can tell its own time from the harness's. Two tools on the other side:
 * a trivial one that answers at once (platform + driver only), and plain ltijs 5.9.9 (a real tool).
 * Prints figures; the 2 shared cores make absolute times noisy, compare the ratios of one run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { startStandInTool, type StandInTool } from '../platform/test/stand-in-tool.js';

let platform: TestPlatform;
let trivial: { url: string; close(): Promise<void> };
let ltijs: StandInTool;

async function startTrivialTool(authorizationEndpoint: string) {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/login')) {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const p = new URLSearchParams(body);
        const auth = new URL(authorizationEndpoint);
        const q = {
          scope: 'openid',
          response_type: 'id_token',
          response_mode: 'form_post',
          prompt: 'none',
          client_id: p.get('client_id') ?? '',
          redirect_uri: `http://${req.headers.host}/launch`,
          login_hint: p.get('login_hint') ?? '',
          lti_message_hint: p.get('lti_message_hint') ?? '',
          state: randomBytes(8).toString('hex'),
          nonce: randomBytes(8).toString('hex'),
        };
        for (const [k, v] of Object.entries(q)) auth.searchParams.set(k, v);
        res.writeHead(302, { location: auth.toString() }).end();
      });
    } else {
      req.resume();
      req.on('end', () => res.end('ok'));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(label: string, clientId: string, users: number, rounds: number): Promise<void> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      Array.from({ length: users }, async () => {
        const t0 = performance.now();
        const res = await platform.launch({ clientId, user: 'ana', course: 'math-7' });
        latencies.push(performance.now() - t0);
        if (res.status !== 200) failures++;
      }),
    );
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${users} concurrent x ${rounds} rounds = ${latencies.length} launches in ${elapsed.toFixed(2)} s ` +
      `(${(latencies.length / elapsed).toFixed(0)}/s); latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, ` +
      `p95 ${quantile(latencies, 0.95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; non-200: ${failures}`,
  );
}

beforeAll(async () => {
  platform = await startTestPlatform();
  [trivial, ltijs] = await Promise.all([startTrivialTool(platform.endpoints.authorization), startStandInTool()]);
});

afterAll(async () => {
  await Promise.all([trivial?.close(), ltijs?.close(), platform?.close()]);
});

it('measures launches through the platform and driver alone, and with plain ltijs', async () => {
  const t = platform.registerTool({
    deploymentIds: ['dep-1'],
    oidcLoginUrl: `${trivial.url}/login`,
    targetLinkUri: `${trivial.url}/launch`,
    redirectUris: [`${trivial.url}/launch`],
    jwksUrl: `${trivial.url}/jwks`,
  });
  const l = platform.registerTool({
    deploymentIds: ['dep-1'],
    oidcLoginUrl: ltijs.loginUrl,
    targetLinkUri: ltijs.launchUrl,
    redirectUris: [ltijs.launchUrl],
    jwksUrl: ltijs.jwksUrl,
  });
  await ltijs.registerPlatform(l);
  await measure('warm-up (trivial tool)', t.clientId, 10, 2);
  await measure('platform + driver, 1 user', t.clientId, 1, 50);
  await measure('platform + driver, 50 users', t.clientId, 50, 6);
  await measure('with plain ltijs, 1 user', l.clientId, 1, 30);
  await measure('with plain ltijs, 50 users', l.clientId, 50, 4);
});
