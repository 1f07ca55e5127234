import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import type { Logger } from '../http/logger.js';
import type { DatabaseTarget } from './db.js';

/** The PostgreSQL channel every tool process listens on. */
const CHANNEL = 'margins_changes';
/** Longest wait between two attempts to listen again after the connection dropped. */
const MAX_RECONNECT_MS = 10_000;

/**
 * What changed. `device`: a paired browser was disconnected (key: its id). `tenancy`: a district's
 * platform registration, deployments or endpoints changed (key: the tenant id). `account`: an account
 * was deleted (key: the user id), so its launch sessions end on every process. `recognition-rules`: a
 * district's recognition rules were switched on or off (key: the tenant id).
 */
export const CHANGE_TOPICS = ['device', 'tenancy', 'account', 'recognition-rules'] as const;
/** One kind of change a cache cares about. */
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** Called with the changed key, or null when changes may have been missed (forget everything). */
export type ChangeHandler = (key: string | null) => void;

const MessageSchema = z.object({ from: z.string(), topic: z.enum(CHANGE_TOPICS), key: z.string().max(200) });

/**
 * Tells every tool process sharing the database that something a cache holds changed, so a
 * disconnected browser or a changed registration applies on every process at its next request
 * (DESIGN: Storage, "Stateless"). On PostgreSQL: LISTEN/NOTIFY on one connection of its own; on
 * SQLite (one process) only this process's handlers are called.
 */
export interface ChangeBus {
  /** Applies the change here at once, then tells the other processes. */
  publish(topic: ChangeTopic, key: string): Promise<void>;
  /** Registers a cache's invalidation for `topic`. */
  on(topic: ChangeTopic, handler: ChangeHandler): void;
  close(): Promise<void>;
}

/** Handlers per topic, shared by both kinds of bus. */
class Handlers {
  private readonly byTopic = new Map<ChangeTopic, ChangeHandler[]>();

  add(topic: ChangeTopic, h: ChangeHandler): void {
    this.byTopic.set(topic, [...(this.byTopic.get(topic) ?? []), h]);
  }

  call(topic: ChangeTopic, key: string | null): void {
    for (const h of this.byTopic.get(topic) ?? []) h(key);
  }

  resetAll(): void {
    for (const topic of CHANGE_TOPICS) this.call(topic, null);
  }
}

/** Opens the bus for `target`; on PostgreSQL it is listening when the promise resolves. */
export async function openChangeBus(target: DatabaseTarget, logger: Logger): Promise<ChangeBus> {
  if (target.kind !== 'postgres') {
    const handlers = new Handlers();
    return {
      publish: async (topic, key) => handlers.call(topic, key),
      on: (topic, h) => handlers.add(topic, h),
      close: async () => undefined,
    };
  }
  const bus = new PgChangeBus(target.url, logger);
  await bus.listen();
  return bus;
}

/** LISTEN/NOTIFY on a connection outside the pool (a pooled one would be handed to queries). */
class PgChangeBus implements ChangeBus {
  private readonly handlers = new Handlers();
  private readonly id = randomUUID();
  private client: pg.Client | null = null;
  private closed = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  on(topic: ChangeTopic, h: ChangeHandler): void {
    this.handlers.add(topic, h);
  }

  async publish(topic: ChangeTopic, key: string): Promise<void> {
    this.handlers.call(topic, key);
    const payload = JSON.stringify({ from: this.id, topic, key });
    // Published through the listening connection; when it is down, through a short-lived one.
    if (this.client) {
      await this.client.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
      return;
    }
    const once = new pg.Client({ connectionString: this.url });
    await once.connect();
    try {
      await once.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    } finally {
      await once.end();
    }
  }

  /** Connects and listens; any later loss of the connection reconnects with a growing pause. */
  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => this.receive(n.payload));
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    if (this.failures > 0) {
      // Whatever was published while nobody listened is unknown: every cache starts over.
      this.handlers.resetAll();
      this.logger.info('change bus listening again', { after: this.failures });
    }
    this.failures = 0;
  }

  private receive(payload: string | undefined): void {
    let msg: z.infer<typeof MessageSchema>;
    try {
      msg = MessageSchema.parse(JSON.parse(payload ?? ''));
    } catch {
      this.logger.warn('change bus: a message that is not ours was ignored');
      return;
    }
    if (msg.from !== this.id) this.handlers.call(msg.topic, msg.key);
  }

  private lost(client: pg.Client, e: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.handlers.resetAll();
    this.logger.warn('change bus connection lost', { error: e.message });
    void client.end().catch(() => undefined);
    this.reconnect();
  }

  private reconnect(): void {
    if (this.closed || this.retry) return;
    const wait = Math.min(MAX_RECONNECT_MS, 250 * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.listen().catch(() => this.reconnect());
    }, wait);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
