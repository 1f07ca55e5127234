import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { ensureToolServerBuilt, toolServerEntry } from './tool-build.js';

/** The tool running as its own operating-system process (the way it runs in production), for fault tests. */
export interface ToolProcess {
  url: string;
  child: ChildProcess;
  /** Kills the process without letting it finish anything (SIGKILL) and waits until it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts the built tool as `pnpm --filter @margins/lti-tool start` does (`node dist/server.js`, built
 * first when its sources changed) with `env` (PORT=0 picks a free port) and resolves once it logs
 * that it listens.
 */
export async function spawnTool(env: Record<string, string>): Promise<ToolProcess> {
  ensureToolServerBuilt();
  const child = spawn(process.execPath, ['--enable-source-maps', toolServerEntry], {
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`the tool did not start in time:\n${stderr}`)), 60_000);
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const line = buffer.split('\n').find((l) => l.includes('"listening"'));
      if (!line) return;
      clearTimeout(timer);
      // From now on the log is drained and dropped (a benchmark writes a line per request).
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve((JSON.parse(line) as { url: string }).url);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the tool exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    url,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A port that was free a moment ago, for a tool process whose PUBLIC_URL (and so its LTI URLs) must
 * be known before it starts.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
