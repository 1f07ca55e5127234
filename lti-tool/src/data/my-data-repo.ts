import { z } from 'zod';
import { AdaptationSchema, type Adaptation } from '@margins/shared';
import type { Db } from './db.js';
import { dbBool, dbJson, dbNullableText, parseRows } from './rows.js';

const AdaptationRow = z.object({ json: dbJson(AdaptationSchema) });
const EndorsementRow = z.object({
  adaptation_id: z.string(),
  outcome: z.string(),
  note: z.string(),
  updated_at: z.string(),
});
const FeedbackRow = z.object({ adaptation_id: z.string(), type: z.string(), text: z.string(), created_at: z.string() });
const DeviceRow = z.object({ name: z.string(), created_at: z.string(), revoked_at: dbNullableText });
const CredentialRow = z.object({ credential_json: z.string(), revoked: dbBool });
const EventRow = z.object({
  type: z.string(),
  at: z.string(),
  actor_user_id: z.string(),
  adaptation_id: dbNullableText,
});

/**
 * What the district holds about one person, for their "My data" download (issue 16): read from each
 * table where they are the author, owner or subject, in their own district only.
 */
export class MyDataRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  async adaptations(tenantId: string, userId: string): Promise<Adaptation[]> {
    const rows: unknown[] = await this.k('adaptations')
      .where({ tenant_id: tenantId, author_user_id: userId, deleted: false })
      .orderBy('created_at')
      .select('json');
    return parseRows(AdaptationRow, rows, 'adaptations').map((r) => r.json);
  }

  async endorsements(tenantId: string, userId: string) {
    const rows: unknown[] = await this.k('endorsements')
      .where({ tenant_id: tenantId, user_id: userId })
      .orderBy('updated_at')
      .select('adaptation_id', 'outcome', 'note', 'updated_at');
    return parseRows(EndorsementRow, rows, 'endorsements');
  }

  async feedback(tenantId: string, userId: string) {
    const rows: unknown[] = await this.k('feedback')
      .where({ tenant_id: tenantId, user_id: userId })
      .orderBy('created_at')
      .select('adaptation_id', 'type', 'text', 'created_at');
    return parseRows(FeedbackRow, rows, 'feedback');
  }

  async devices(tenantId: string, userId: string) {
    const rows: unknown[] = await this.k('devices')
      .where({ tenant_id: tenantId, user_id: userId })
      .orderBy('created_at')
      .select('name', 'created_at', 'revoked_at');
    return parseRows(DeviceRow, rows, 'devices');
  }

  async credentials(tenantId: string, userId: string) {
    const rows: unknown[] = await this.k('recognitions')
      .where({ tenant_id: tenantId, recipient_user_id: userId })
      .orderBy('issued_at')
      .select('credential_json', this.k.raw('(revoked_at IS NOT NULL) as revoked'));
    return parseRows(CredentialRow, rows, 'recognitions');
  }

  async contributions(tenantId: string, userId: string) {
    const rows: unknown[] = await this.k('contribution_events')
      .where({ tenant_id: tenantId })
      .andWhere((q) => {
        void q.where('actor_user_id', userId).orWhere('beneficiary_user_id', userId);
      })
      .orderBy('at')
      .select('type', 'at', 'actor_user_id', 'adaptation_id');
    return parseRows(EventRow, rows, 'contribution_events');
  }
}
