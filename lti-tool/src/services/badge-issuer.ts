import { AppError, BADGE_PATHS, buildPath, type VerificationAnswer } from '@margins/shared';
import {
  buildAchievementCredential,
  buildIssuerProfileDocument,
  createStatusList,
  encodeStatusList,
  httpsVerificationMethodOf,
  IssuerKey,
  issueAchievementCredential,
  issueStatusListCredential,
  sealIssuerKey,
  setStatusBit,
  unsealIssuerKey,
  verifyAchievementCredential,
  type AchievementCredential,
  type BuildCredentialInput,
  type IssuerProfile,
  type KeyEncryptionKey,
  type ResolvedVerificationMethod,
} from '../badges/index.js';
import type { RecognitionRepo } from '../data/recognition-repo.js';
import type { TenancyRepo } from '../data/tenancy-repo.js';

/** Said whenever signing is needed but no KEK is configured (production without MARGINS_BADGE_KEK). */
const NO_KEK_MESSAGE =
  'Recognition badges cannot be issued yet: the tool has no MARGINS_BADGE_KEK configured. Ask the person who runs Margins to set it (openssl rand -base64 32) and restart the tool.';

/** How far in the past a re-signed status list says it is valid from (verifiers' clock skew). */
const STATUS_LIST_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The district as an Open Badges issuer (see src/badges/README.md, "How the tool wires it"): its
 * key (made on first need, sealed under the configured KEK, bound to the tenant id), its public
 * profile and status list at tool URLs, signing, and verification that never fetches: keys and
 * status lists are only ever this tool's own.
 */
export class BadgeIssuer {
  private readonly keys = new Map<string, IssuerKey>();

  constructor(
    private readonly d: { repo: RecognitionRepo; tenancy: TenancyRepo; kek: KeyEncryptionKey | null; baseUrl: string },
  ) {}

  /** The issuer id (and profile URL) of a district. */
  issuerId(tenantId: string): string {
    return this.d.baseUrl + buildPath(BADGE_PATHS.issuer, { tenantId });
  }

  /** Where a district's status list credential is published. */
  statusListUrl(tenantId: string): string {
    return this.d.baseUrl + buildPath(BADGE_PATHS.statusList, { tenantId });
  }

  /** The stable achievement id of a rule in a district. */
  achievementUrl(tenantId: string, ruleId: string): string {
    return this.d.baseUrl + buildPath(BADGE_PATHS.achievement, { tenantId, ruleId });
  }

  /** True when this tool can sign (a KEK is configured). */
  get canIssue(): boolean {
    return this.d.kek !== null;
  }

  private async profile(tenantId: string): Promise<IssuerProfile> {
    const tenant = await this.d.tenancy.getTenant(tenantId);
    if (!tenant) throw new AppError('not_found', 'There is no such district.');
    return { id: this.issuerId(tenantId), name: tenant.name || 'School district' };
  }

  /** The district's signing key, created and stored (sealed) the first time it is needed. */
  private async signingKey(tenantId: string): Promise<IssuerKey> {
    const kek = this.d.kek;
    if (!kek) throw new AppError('unavailable', NO_KEK_MESSAGE);
    const cached = this.keys.get(tenantId);
    if (cached) return cached;
    let row = await this.d.repo.issuerKey(tenantId);
    if (!row) {
      const fresh = IssuerKey.generate();
      await this.d.repo.insertIssuerKeyIfAbsent(
        tenantId,
        sealIssuerKey(fresh, kek, tenantId),
        fresh.publicKeyMultibase,
      );
      row = await this.d.repo.issuerKey(tenantId); // another process may have stored its key first: use whichever is stored
      if (!row) throw new Error('The issuer key was not stored.');
    }
    const key = unsealIssuerKey(row.sealed_secret, kek, tenantId);
    this.keys.set(tenantId, key);
    return key;
  }

  /** The credential exactly as it would be signed, unsigned (the preview before signing shows its texts). */
  async draft(tenantId: string, input: Omit<BuildCredentialInput, 'issuer'>): Promise<AchievementCredential> {
    return buildAchievementCredential({ ...input, issuer: await this.profile(tenantId) });
  }

  /** Signs a built credential as the district (eddsa-rdfc-2022). */
  async issue(tenantId: string, input: Omit<BuildCredentialInput, 'issuer'>): Promise<AchievementCredential> {
    const [issuer, key] = await Promise.all([this.profile(tenantId), this.signingKey(tenantId)]);
    return issueAchievementCredential({ ...input, issuer }, key);
  }

  /** The public issuer profile document, listing the district's key; null when it has never issued. */
  async profileDocument(tenantId: string): Promise<Record<string, unknown> | null> {
    if (!(await this.d.repo.issuerKey(tenantId))) return null;
    return buildIssuerProfileDocument(await this.profile(tenantId), { current: await this.signingKey(tenantId) });
  }

  /**
   * The district's signed status list credential, re-signed when the set of revoked recognitions
   * differs from what was last signed (so concurrent revocations can never leave a stale list).
   */
  async statusListCredential(tenantId: string): Promise<Record<string, unknown> | null> {
    if (!(await this.d.repo.issuerKey(tenantId))) return null;
    const bits = createStatusList();
    for (const index of await this.d.repo.revokedIndexes(tenantId)) setStatusBit(bits, index, true);
    const encoded = encodeStatusList(bits);
    const stored = await this.d.repo.statusList(tenantId);
    if (stored?.encodedList === encoded) return JSON.parse(stored.credentialJson) as Record<string, unknown>;
    const key = await this.signingKey(tenantId);
    const issuerId = this.issuerId(tenantId);
    // Valid from a little in the past: a verifier whose clock runs behind (or that started checking a moment earlier) must not see a list "not yet valid".
    const validFrom = new Date(Date.now() - STATUS_LIST_CLOCK_SKEW_MS);
    const list = await issueStatusListCredential({ id: this.statusListUrl(tenantId), issuerId, bits, validFrom }, key, {
      verificationMethod: httpsVerificationMethodOf(issuerId, key.publicKeyMultibase),
      created: validFrom,
    });
    await this.d.repo.saveStatusList(tenantId, encoded, JSON.stringify(list));
    return list as unknown as Record<string, unknown>;
  }

  /** The tenant id of one of this tool's issuer or status list URLs; null for anything else. */
  private tenantOf(url: string, pattern: string): string | null {
    const prefix = this.d.baseUrl + pattern.replace(':tenantId', '');
    if (!url.startsWith(prefix)) return null;
    const rest = url.slice(prefix.length);
    return /^[0-9a-f-]{36}$/i.test(rest) ? rest : null;
  }

  /**
   * Verifies a credential someone pasted or uploaded (OB 3.0 §8.2). Keys and status lists are the
   * tool's own districts' only; any other issuer fails with the verifier's own explanation.
   */
  async verify(input: unknown): Promise<VerificationAnswer> {
    const result = await verifyAchievementCredential(input, {
      resolveVerificationMethod: async (id): Promise<ResolvedVerificationMethod | null> => {
        const [issuerId, fragment] = id.split('#');
        const tenantId = issuerId ? this.tenantOf(issuerId, BADGE_PATHS.issuer) : null;
        if (!tenantId || !fragment) return null;
        const row = await this.d.repo.issuerKey(tenantId);
        if (!row || row.public_key_multibase !== fragment) return null;
        return { id, controller: issuerId!, publicKeyMultibase: row.public_key_multibase };
      },
      loadStatusList: async (url) => {
        const tenantId = this.tenantOf(url, BADGE_PATHS.statusList);
        return tenantId ? this.statusListCredential(tenantId) : null;
      },
    });
    return {
      valid: result.valid,
      problems: result.problems,
      credentialId: result.credentialId,
      issuerId: result.issuerId,
      status: result.status,
      checkedAt: result.checkedAt,
      summary: summaryOf(input),
    };
  }
}

function text(v: unknown, max = 2_000): string | null {
  return typeof v === 'string' ? v.slice(0, max) : null;
}

/** What a credential says about itself, as plain strings for display (it may be forged: shown beside the verdict). */
function summaryOf(input: unknown): VerificationAnswer['summary'] {
  let doc = input;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      doc = null;
    }
  }
  const c = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const subject = (c.credentialSubject && typeof c.credentialSubject === 'object' ? c.credentialSubject : {}) as Record<
    string,
    unknown
  >;
  const achievement = (
    subject.achievement && typeof subject.achievement === 'object' ? subject.achievement : {}
  ) as Record<string, unknown>;
  const issuer = c.issuer && typeof c.issuer === 'object' ? (c.issuer as Record<string, unknown>).name : null;
  const criteria = achievement.criteria && typeof achievement.criteria === 'object' ? achievement.criteria : {};
  return {
    achievement: text(achievement.name, 200),
    issuer: text(issuer, 200),
    awardedDate: text(c.awardedDate ?? c.validFrom, 40),
    description: text(achievement.description),
    criteria: text((criteria as Record<string, unknown>).narrative),
    evidence: objects(subject.evidence ?? c.evidence)
      .filter((e) => typeof e.narrative === 'string')
      .map((e) => ({ name: text(e.name, 200), narrative: text(e.narrative)! })),
    validFrom: text(c.validFrom, 40),
    validUntil: text(c.validUntil, 40),
    recipient: objects(subject.identifier).flatMap((id) =>
      id.hashed === true && typeof id.identityType === 'string' && typeof id.identityHash === 'string'
        ? [
            {
              identityType: text(id.identityType, 40)!,
              identityHash: text(id.identityHash, 100)!,
              salt: text(id.salt, 200) ?? '',
            },
          ]
        : [],
    ),
  };
}

/** Up to five objects of a field that may hold one object or a list (JSON-LD allows both). */
function objects(v: unknown): Record<string, unknown>[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object').slice(0, 5);
}
