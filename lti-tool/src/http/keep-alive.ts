import type { Server } from 'node:http';

/**
 * How long the tool keeps an idle HTTP connection open. It must outlast the idle timeout of whatever
 * reuses connections in front of it (Node's fetch drops idle sockets after 4 s; nginx and cloud load
 * balancers keep upstream connections for 60 s): when the server closes first, a request sent on the
 * closing socket fails with ECONNRESET. Node's default of 5 s loses that race on a busy machine, where
 * the client's timer fires late (seen as a reset on a browser test's first request).
 */
export const KEEP_ALIVE_MS = 65_000;

/** Applies {@link KEEP_ALIVE_MS} to a server (headers must be allowed a little longer). */
export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
