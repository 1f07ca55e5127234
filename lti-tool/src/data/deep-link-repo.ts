import type { Db } from './db.js';
import { nowIso } from './db.js';

/**
 * Remembers which deep-linking launches already answered their platform, so each launch sends at
 * most one LtiDeepLinkingResponse (the key is the launch id; concurrent attempts race on it).
 */
export class DeepLinkRepo {
  constructor(private readonly db: Db) {}

  /** Claims the launch's one response; false when it was already used. */
  async claim(r: {
    launchId: string;
    tenantId: string;
    userId: string;
    items: { kind: 'adaptation' | 'collection'; id: string }[];
  }): Promise<boolean> {
    const inserted = await this.db
      .knex('deep_link_responses')
      .insert({
        launch_id: r.launchId,
        tenant_id: r.tenantId,
        user_id: r.userId,
        items_json: JSON.stringify(r.items),
        created_at: nowIso(),
      })
      .onConflict('launch_id')
      .ignore()
      .returning('launch_id');
    return Array.isArray(inserted) && inserted.length > 0;
  }

  /** True when the launch already sent its response. */
  async used(launchId: string): Promise<boolean> {
    return !!(await this.db.knex('deep_link_responses').where({ launch_id: launchId }).first('launch_id'));
  }
}
