import type { Server } from 'node:http';
import { createApp, type Tool } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './http/logger.js';
import { keepConnectionsAlive } from './http/keep-alive.js';

/** A running tool server and how to stop it gracefully. */
export interface RunningTool {
  tool: Tool;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/** Starts the tool on config.host:config.port; resolves once it listens. */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel, { service: 'margins-lti' }),
): Promise<RunningTool> {
  const tool = await createApp({ config, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = tool.app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  keepConnectionsAlive(server);
  const addr = server.address();
  const url = typeof addr === 'object' && addr ? `http://${config.host}:${addr.port}` : config.publicUrl;
  let stopping: Promise<void> | null = null;
  return {
    tool,
    server,
    url,
    stop() {
      // Stop accepting, let in-flight requests finish (10 s at most), then close the database.
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        force.unref();
        await closed;
        await tool.close();
      })();
      return stopping;
    },
  };
}

/** The command-line entry: config, logger, listen, shut down on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel, { service: 'margins-lti' });
  const running = await startServer(config, logger);
  logger.info('listening', { url: running.url, publicUrl: config.publicUrl, database: config.database.kind });
  if (config.database.kind === 'sqlite')
    // Rate limits and caches live in this process on SQLite: a second process on the same file would not share them.
    logger.info(
      'SQLite: run this tool as ONE process; for several processes (a large district or a state) set DATABASE_URL to PostgreSQL',
      { file: config.database.file },
    );
  if (!config.badges.kek)
    logger.warn(
      'recognition badges will not be issued until MARGINS_BADGE_KEK is set (32 random bytes, e.g. openssl rand -base64 32); everything else works',
    );
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('shutdown failed', { error: String(e) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
