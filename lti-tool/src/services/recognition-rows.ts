import type { Recognition } from '@margins/shared';
import type { Recipient } from '../badges/index.js';
import type { RecognitionRow } from '../data/recognition-repo.js';
import type { UserRow } from '../data/tenancy-repo.js';
import { personOf } from './coach-access.js';

/** A stored recognition as the API shows it. */
export function recognitionOf(r: RecognitionRow): Recognition {
  return {
    id: r.id,
    kind: r.rule_id ? 'rule' : 'coach',
    ruleId: r.rule_id,
    title: r.title,
    description: r.description,
    citation: r.citation,
    recipient: personOf(r.recipient_user_id, r.recipient_name),
    awardedBy: r.awarded_by ? personOf(r.awarded_by, r.awarded_by_name) : null,
    earnedAt: r.earned_at,
    issuedAt: r.issued_at,
    status: r.revoked_at ? 'revoked' : 'active',
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
    onWall: r.on_wall,
  };
}

/** The teacher as the credential identifies them: a salted hash of their email, or of their LMS user id. */
export function recipientOf(user: UserRow): Recipient {
  return user.email ? { email: user.email } : { identityType: 'ltiUserId', value: user.sub };
}
