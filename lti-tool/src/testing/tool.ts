import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type Tool } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createLogger } from '../http/logger.js';
import type { TestDatabase } from './databases.js';
import type { SyncHooks } from '../services/sync-service.js';
import { keepConnectionsAlive } from '../http/keep-alive.js';

/** A tool listening on 127.0.0.1 (port 0) over a test database. */
export interface TestTool extends Tool {
  url: string;
  config: Config;
  server: Server;
  stop(): Promise<void>;
}

/**
 * Starts the tool for a test. The public URL must be known before the app is composed (LTI URLs
 * are absolute), so the port is reserved first by listening, then the app is attached.
 */
export async function startTestTool(
  db: TestDatabase,
  env: Record<string, string> = {},
  opts: {
    fetch?: typeof fetch;
    host?: string;
    syncHooks?: SyncHooks;
    now?: () => number;
    /** Receives every log line (JSON) at `LOG_LEVEL` or above, instead of stdout. */
    log?: (line: string) => void;
  } = {},
): Promise<TestTool> {
  const http = await import('node:http');
  const server = http.createServer();
  keepConnectionsAlive(server);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: host,
    PORT: String(port),
    PUBLIC_URL: `http://${host}:${port}`,
    DATA_DIR: db.dataDir,
    MARGINS_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...(db.target.kind === 'postgres' ? { DATABASE_URL: db.target.url } : {}),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  if (db.target.kind === 'sqlite') config.database = db.target;
  let tool: Tool;
  try {
    tool = await createApp({
      config,
      logger: opts.log ? createLogger(config.logLevel, {}, opts.log) : createLogger(config.logLevel),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.syncHooks ? { syncHooks: opts.syncHooks } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
  } catch (e) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }
  server.on('request', tool.app);
  return {
    ...tool,
    url: `http://${host}:${port}`,
    config,
    server,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tool.close();
    },
  };
}
