import { createHash } from 'node:crypto';
import {
  AdaptationContentSchema,
  AdaptationSchema,
  AppError,
  AuthorSchema,
  canonicalPageUrl,
  FeedbackSchema,
  IdSchema,
  parseOrThrow,
  type Adaptation,
  type Endorsement,
  type EndorsementInput,
  type Feedback,
  type FeedbackInput,
  type SharedAdaptation,
} from '@margins/shared';
import type { Db } from '../data/db.js';
import type { LedgerRepo } from '../data/ledger-repo.js';
import type { SocialRepo } from '../data/social-repo.js';
import type { SyncRepo } from '../data/sync-repo.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import type { Actor } from './actor.js';
import { recordSharingEvent } from './ledger-events.js';
import type { SharedView } from './shared-view.js';
import { checkVisibility, networkStatusAfter } from './visibility-rules.js';

/** The remix body: content fields to change, and the id of the copy (chosen by the client, so a retry finds it). */
const RemixBodySchema = AdaptationContentSchema.partial().extend({ id: IdSchema });
const CONTENT_FIELDS = ['kinds', 'body', 'rationale', 'audience', 'evidence', 'visibility'] as const;

/**
 * Learning from colleagues (DESIGN: Flow 5): the adaptations on a page, "I tried this", structured
 * feedback and remixes, for the extension and the LMS UI alike; and the district's sharing
 * settings. Every read goes through the visibility rule; every contribution is written to the
 * ledger in the same transaction.
 */
export class SharingService {
  constructor(
    private readonly d: { db: Db; repo: SyncRepo; social: SocialRepo; ledger: LedgerRepo; view: SharedView },
  ) {}

  /** What the actor may see on one page (any form of its URL). */
  async page(actor: Actor, rawUrl: string): Promise<{ url: string; adaptations: SharedAdaptation[] }> {
    let url: string;
    try {
      url = canonicalPageUrl(rawUrl);
    } catch (e) {
      throw new AppError('invalid_url', e instanceof Error ? e.message : undefined);
    }
    return { url, adaptations: await this.d.view.shapeShared(actor, await this.d.repo.page(actor, url)) };
  }

  /** "I tried this": one per person per adaptation (sending again updates it); never on one's own. */
  async endorse(actor: Actor, adaptationId: string, input: Required<EndorsementInput>): Promise<Endorsement> {
    return this.d.db.knex.transaction(async (trx) => {
      await this.d.repo.lockDistrict(trx, actor.tenantId);
      const a = await this.d.repo.visible(actor, adaptationId, trx);
      if (!a) throw new AppError('not_found', 'That adaptation was not found or is not shared with you.');
      if (a.author_user_id === actor.userId)
        throw new AppError(
          'forbidden',
          'You cannot endorse your own adaptation. Add evidence of impact to it instead.',
        );
      const { endorsement } = await this.d.social.endorse(trx, {
        tenantId: actor.tenantId,
        adaptationId,
        userId: actor.userId,
        userName: actor.userName,
        outcome: input.outcome,
        note: input.note,
      });
      await recordSharingEvent(this.d.ledger, trx, {
        type: 'endorsed',
        actor,
        beneficiary: { userId: a.author_user_id, tenantId: a.tenant_id },
        adaptationId,
        contextPk: actor.contextPk,
        data: { outcome: input.outcome },
        dedupeKey: `endorsed:${adaptationId}:${actor.userId}`,
      });
      return endorsement;
    });
  }

  /** Structured feedback on a colleague's adaptation; with an idempotency key, a retried request counts once. */
  async feedback(
    actor: Actor,
    adaptationId: string,
    input: FeedbackInput & { text: string },
    idempotencyKey: string | null,
  ): Promise<{ feedback: Feedback; created: boolean }> {
    return this.d.db.knex.transaction(async (trx) => {
      await this.d.repo.lockDistrict(trx, actor.tenantId);
      const requestHash = createHash('sha256')
        .update(JSON.stringify(['feedback', adaptationId, input.type, input.text]))
        .digest('hex');
      if (idempotencyKey) {
        const prior = await this.d.repo.idempotency(trx, actor.userId, idempotencyKey);
        if (prior && prior.requestHash !== requestHash)
          throw new AppError(
            'validation_failed',
            'This Idempotency-Key was already used for another request. Give each request its own key.',
          );
        if (prior) return { feedback: FeedbackSchema.parse(prior.result.current), created: false };
      }
      const a = await this.d.repo.visible(actor, adaptationId, trx);
      if (!a) throw new AppError('not_found', 'That adaptation was not found or is not shared with you.');
      if (a.author_user_id === actor.userId)
        throw new AppError('forbidden', "Feedback is for colleagues' adaptations; edit your own adaptation instead.");
      const feedback = await this.d.social.addFeedback(trx, {
        tenantId: actor.tenantId,
        adaptationId,
        userId: actor.userId,
        userName: actor.userName,
        type: input.type,
        text: input.text,
      });
      await recordSharingEvent(this.d.ledger, trx, {
        type: 'feedback-given',
        actor,
        beneficiary: { userId: a.author_user_id, tenantId: a.tenant_id },
        adaptationId,
        contextPk: actor.contextPk,
        data: { feedbackType: input.type },
        dedupeKey: `feedback:${feedback.id}`,
      });
      if (idempotencyKey)
        await this.d.repo.recordIdempotency(trx, actor.userId, idempotencyKey, requestHash, { current: feedback });
      return { feedback, created: true };
    });
  }

  /**
   * A copy of a visible adaptation owned by the actor, crediting the original (provenance). The copy
   * starts private unless the body says otherwise, never wider than the original, without the
   * original's evidence (the copy has not been tried yet). Sending the same copy id again returns it.
   */
  async remix(
    actor: Actor,
    originalId: string,
    rawBody: unknown,
  ): Promise<{ adaptation: Adaptation; created: boolean }> {
    const body = parseOrThrow(RemixBodySchema, rawBody, 'The remix');
    const given = (rawBody ?? {}) as Record<string, unknown>;
    return this.d.db.knex.transaction(async (trx) => {
      await this.d.repo.lockDistrict(trx, actor.tenantId);
      const already = await this.d.repo.current(trx, body.id);
      if (already) {
        if (
          already.author_user_id === actor.userId &&
          !already.deleted &&
          already.json.provenance?.remixedFrom === originalId
        )
          return { adaptation: already.json, created: false };
        throw new AppError('already_exists', 'An adaptation with this id already exists. Use a new id for the copy.');
      }
      const original = await this.d.repo.visible(actor, originalId, trx);
      if (!original) throw new AppError('not_found', 'That adaptation was not found or is not shared with you.');
      const o = original.json;
      const overrides = Object.fromEntries(
        CONTENT_FIELDS.filter((f) => given[f] !== undefined).map((f) => [f, body[f]]),
      );
      const now = new Date().toISOString();
      const name = AuthorSchema.shape.name.safeParse(actor.userName);
      const copy = AdaptationSchema.parse({
        kinds: o.kinds,
        body: o.body,
        rationale: o.rationale,
        audience: o.audience,
        visibility: 'private',
        ...overrides,
        id: body.id,
        author: { id: actor.userId, ...(name.success && name.data ? { name: name.data } : {}) },
        page: o.page,
        target: o.target,
        provenance: { remixedFrom: originalId, originalAuthor: await this.d.view.authorFor(actor, original, trx) },
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      checkVisibility(copy.visibility, { contextPk: actor.contextPk, original });
      await this.d.repo.insert(trx, copy, {
        tenantId: actor.tenantId,
        contextPk: actor.contextPk,
        networkStatus: networkStatusAfter(null, copy),
      });
      if (original.author_user_id !== actor.userId) {
        await recordSharingEvent(this.d.ledger, trx, {
          type: 'remixed',
          actor,
          beneficiary: { userId: original.author_user_id, tenantId: original.tenant_id },
          adaptationId: originalId,
          contextPk: actor.contextPk,
          data: { remix: copy.id },
          dedupeKey: `remixed:${copy.id}`,
        });
      }
      if (copy.visibility !== 'private') {
        await recordSharingEvent(this.d.ledger, trx, {
          type: 'shared',
          actor,
          beneficiary: null,
          adaptationId: copy.id,
          contextPk: actor.contextPk,
          data: { visibility: copy.visibility },
          dedupeKey: `shared:${copy.id}`,
        });
      }
      return { adaptation: copy, created: true };
    });
  }

  /** The district's sharing settings (district admins). */
  async settings(ctx: LaunchContext): Promise<{ showAuthorNames: boolean }> {
    requireAdmin(ctx);
    return this.districtSettings(ctx.tenant.id);
  }

  /** Changes the district's sharing settings (district admins); takes effect on the next page lookup or pull. */
  async updateSettings(ctx: LaunchContext, s: { showAuthorNames: boolean }): Promise<{ showAuthorNames: boolean }> {
    requireAdmin(ctx);
    return this.setDistrictSettings(ctx.tenant.id, s);
  }

  /** A tenant's sharing settings (admin command line). */
  async districtSettings(tenantId: string): Promise<{ showAuthorNames: boolean }> {
    return { showAuthorNames: (await this.d.repo.showAuthorNames([tenantId])).get(tenantId) !== false };
  }

  /** Sets a tenant's sharing settings (admin command line); colleagues' browsers get the change on their next pull. */
  async setDistrictSettings(tenantId: string, s: { showAuthorNames: boolean }): Promise<{ showAuthorNames: boolean }> {
    await this.d.repo.setShowAuthorNames(tenantId, s.showAuthorNames);
    return s;
  }
}

function requireAdmin(ctx: LaunchContext): void {
  if (!hasRole(ctx, 'district-admin'))
    throw new AppError(
      'forbidden',
      'Only a district admin, launching Margins from the account level, can change sharing settings.',
    );
}
