import { DEFAULT_RECOGNITION_RULES } from '@margins/shared';
import { nowIso } from '../db.js';
import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * Mentoring that means something (issue 15 item 8). A pair is one relationship whichever way round it
 * was made: `pair_key` is the two people's ids in sorted order, unique among active pairs, so neither a
 * duplicate nor a mutual pair (A mentors B and B mentors A) can be made. Mentoring activities are what
 * the pair did together; the Mentor recognition counts the confirmed ones instead of the pairing.
 */
export const migration100: Migration = {
  version: 100,
  name: 'mentoring: one active pair per two people, documented mentoring activities',
  async up(k) {
    await k.schema.alterTable('mentoring_pairs', (t) => {
      t.string('pair_key', 80).nullable();
    });
    const pairs = (await k('mentoring_pairs')
      .select('id', 'tenant_id', 'mentor_user_id', 'mentee_user_id', 'ended_at')
      .orderBy([{ column: 'created_at' }, { column: 'id' }])) as {
      id: string;
      tenant_id: string;
      mentor_user_id: string;
      mentee_user_id: string;
      ended_at: string | null;
    }[];
    // Earlier versions allowed mutual pairs: the oldest active one stays, later ones end now.
    const activeKeys = new Set<string>();
    const endedAt = nowIso();
    for (const p of pairs) {
      const key = pairKey(p.mentor_user_id, p.mentee_user_id);
      const duplicate = !p.ended_at && activeKeys.has(`${p.tenant_id} ${key}`);
      if (!p.ended_at && !duplicate) activeKeys.add(`${p.tenant_id} ${key}`);
      await k('mentoring_pairs')
        .where('id', p.id)
        .update({ pair_key: key, ...(duplicate ? { ended_at: endedAt } : {}) });
    }
    await k.raw(
      'CREATE UNIQUE INDEX mentoring_pairs_active_people ON mentoring_pairs (tenant_id, pair_key) WHERE ended_at IS NULL',
    );

    await k.schema.createTable('mentoring_activities', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'pair_id').notNullable().references('mentoring_pairs.id');
      t.string('kind', 40).notNullable();
      t.string('happened_on', 10).notNullable();
      t.integer('minutes').notNullable();
      id(t, 'logged_by').notNullable().references('users.id');
      ts(t, 'created_at').notNullable();
      ts(t, 'confirmed_at').nullable();
      ts(t, 'declined_at').nullable();
      id(t, 'answered_by').nullable();
      // One activity of a kind per pair and day: a pair cannot inflate its record by logging it twice.
      t.unique(['pair_id', 'kind', 'happened_on'], { indexName: 'mentoring_activities_once' });
      t.index(['tenant_id', 'pair_id'], 'mentoring_activities_pair');
    });

    // The shipped Mentor rule now counts confirmed activities; districts keep their on/off switch.
    const mentor = DEFAULT_RECOGNITION_RULES.find((r) => r.id === 'mentor');
    if (mentor)
      await k('recognition_rules')
        .where('rule_id', 'mentor')
        .update({ rule_json: JSON.stringify(mentor), updated_at: nowIso() });
  },
};

/** The two people of a pair in a fixed order, so A-B and B-A are the same pair. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}
