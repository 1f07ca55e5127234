/** Signing and storing one recognition: the one issuing step that both the rules pass and coach awards go through. */
import { randomUUID } from 'node:crypto';
import { buildStatusListEntry, randomStatusIndex } from '../badges/index.js';
import type { Db } from '../data/db.js';
import type { LedgerRepo } from '../data/ledger-repo.js';
import type { RecognitionRepo } from '../data/recognition-repo.js';
import { isUniqueViolation } from '../data/rows.js';
import type { UserRow } from '../data/tenancy-repo.js';
import type { BadgeIssuer } from './badge-issuer.js';
import { recipientOf } from './recognition-rows.js';

/** Attempts at a free status index before giving up (collisions are rare: the list has 131,072 entries). */
const INDEX_ATTEMPTS = 5;

/** What issuing needs: the database for the transaction, the stores written, and the district's issuer. */
export interface IssuingDeps {
  db: Db;
  repo: RecognitionRepo;
  ledger: LedgerRepo;
  issuer: BadgeIssuer;
}

/** One recognition to issue: a rule's (`ruleId`) or a coach's award (`awardedBy`, `citation`). */
export interface NewRecognition {
  recipient: UserRow;
  ruleId: string | null;
  title: string;
  description: string;
  citation: string | null;
  awardedBy: string | null;
  earnedAt: string;
  adaptationId: string | null;
  build: { recognition: Parameters<BadgeIssuer['issue']>[1]['recognition']; achievementId: string };
}

/**
 * Signs and stores one recognition with its 'recognised' ledger event (beneficiary: the teacher)
 * in one transaction; picks another status index if a concurrent issue took the same one. Returns
 * the new id, or null when the rule recognition already existed.
 */
export async function storeRecognition(d: IssuingDeps, tenantId: string, r: NewRecognition): Promise<string | null> {
  const used = await d.repo.usedIndexes(tenantId);
  for (let attempt = 0; attempt < INDEX_ATTEMPTS; attempt++) {
    const id = randomUUID();
    const index = randomStatusIndex((i) => used.has(i));
    const issuedAt = new Date();
    const credential = await d.issuer.issue(tenantId, {
      id: `urn:uuid:${id}`,
      recognition: r.build.recognition,
      achievementId: r.build.achievementId,
      recipient: recipientOf(r.recipient),
      status: buildStatusListEntry(d.issuer.statusListUrl(tenantId), index),
      validFrom: issuedAt,
    });
    try {
      const inserted = await d.db.knex.transaction(async (trx) => {
        const ok = await d.repo.insert(
          {
            id,
            tenantId,
            recipientUserId: r.recipient.id,
            ruleId: r.ruleId,
            title: r.title,
            description: r.description,
            citation: r.citation,
            awardedBy: r.awardedBy,
            earnedAt: r.earnedAt,
            adaptationId: r.adaptationId,
            credentialJson: JSON.stringify(credential),
            statusIndex: index,
            issuedAt: issuedAt.toISOString(),
          },
          trx,
        );
        if (ok) {
          await d.ledger.append(
            {
              tenantId,
              type: 'recognised',
              actorUserId: r.awardedBy ?? r.recipient.id,
              beneficiaryUserId: r.recipient.id,
              data: { kind: r.ruleId ? 'rule' : 'coach', ...(r.ruleId ? { ruleId: r.ruleId } : {}) },
              dedupeKey: `recognised:${id}`,
            },
            trx,
          );
        }
        return ok;
      });
      return inserted ? id : null;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      used.add(index); // the index was taken meanwhile (or, for a rule, the row appeared): try again
      if (r.ruleId && (await d.repo.earnedPairs(tenantId)).has(`${r.ruleId}\u0000${r.recipient.id}`)) return null;
    }
  }
  throw new Error('No free status index was found for a new recognition.');
}
