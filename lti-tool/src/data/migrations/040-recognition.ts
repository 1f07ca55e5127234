import { DEFAULT_RECOGNITION_RULES } from '@margins/shared';
import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * Recognition issued as Open Badges 3.0 (issue 7): each district's rules (data, seeded from the
 * defaults, each with an on/off switch), its issuer key (sealed under the configured KEK), the
 * recognitions with the exact credential issued, and the signed status list that revocation flips.
 */
export const migration040: Migration = {
  version: 40,
  name: 'recognition: district rules, issuer keys, recognitions and credentials, status lists',
  async up(k) {
    await k.schema.createTable('recognition_rules', (t) => {
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.string('rule_id', 100).notNullable();
      t.text('rule_json').notNullable(); // RecognitionRuleSchema
      t.boolean('enabled').notNullable();
      ts(t, 'updated_at').notNullable();
      id(t, 'updated_by').nullable();
      t.primary(['tenant_id', 'rule_id']);
    });

    // One signing key per district; the secret only ever sealed (AES-256-GCM under MARGINS_BADGE_KEK, bound to the tenant id).
    await k.schema.createTable('issuer_keys', (t) => {
      id(t, 'tenant_id').primary().references('tenants.id');
      t.text('sealed_secret').notNullable();
      t.string('public_key_multibase', 100).notNullable();
      ts(t, 'created_at').notNullable();
    });

    await k.schema.createTable('recognitions', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'recipient_user_id').notNullable().references('users.id');
      t.string('rule_id', 100).nullable(); // null = coach award
      t.string('title', 200).notNullable();
      t.text('description').notNullable();
      t.text('citation').nullable();
      id(t, 'awarded_by').nullable();
      ts(t, 'earned_at').notNullable();
      id(t, 'adaptation_id').nullable(); // per-adaptation rules; never exposed by the API
      t.text('credential_json').notNullable(); // the signed AchievementCredential exactly as issued
      t.integer('status_index').notNullable();
      ts(t, 'issued_at').notNullable();
      ts(t, 'revoked_at').nullable();
      id(t, 'revoked_by').nullable();
      t.text('revoked_reason').nullable();
      t.boolean('on_wall').notNullable().defaultTo(true); // the recipient's choice for course walls
      // Rule recognitions are earned once per person: evaluation can run anywhere, any number of times.
      // (NULL rule ids, coach awards, never collide: both databases treat NULLs as distinct.)
      t.unique(['tenant_id', 'rule_id', 'recipient_user_id'], { indexName: 'recognitions_rule_once' });
      t.unique(['tenant_id', 'status_index'], { indexName: 'recognitions_status_index' });
      t.index(['tenant_id', 'recipient_user_id'], 'recognitions_recipient');
      t.index(['tenant_id', 'earned_at'], 'recognitions_earned');
    });

    // The last signed status list per district, re-signed when the set of revoked indexes changes.
    await k.schema.createTable('status_lists', (t) => {
      id(t, 'tenant_id').primary().references('tenants.id');
      t.text('encoded_list').notNullable();
      t.text('credential_json').notNullable();
      ts(t, 'updated_at').notNullable();
    });

    const now = new Date().toISOString();
    const tenants = await k('tenants').select<{ id: string }[]>('id');
    for (const tenant of tenants) {
      await k('recognition_rules').insert(
        DEFAULT_RECOGNITION_RULES.map((rule) => ({
          tenant_id: tenant.id,
          rule_id: rule.id,
          rule_json: JSON.stringify(rule),
          enabled: true,
          updated_at: now,
          updated_by: null,
        })),
      );
    }
  },
};
