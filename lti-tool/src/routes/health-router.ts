import { Router } from 'express';
import { api } from '@margins/shared';
import type { Db } from '../data/db.js';

/** GET /health: is the process up and does the database answer (for load balancers and `pnpm start`). */
export function healthRouter(db: Db, version: string): Router {
  const r = Router();
  r.get(api.health.path, async (_req, res) => {
    let database: 'ok' | 'down' = 'ok';
    try {
      await db.knex.raw('select 1');
    } catch {
      database = 'down';
    }
    res
      .status(database === 'ok' ? 200 : 503)
      .json(api.health.response.parse({ status: database === 'ok' ? 'ok' : 'degraded', database, version }));
  });
  return r;
}
