import {
  isSupportedProof,
  verifyProof,
  type DataIntegrityProof,
  type ProofCheck,
  type ProofProblemCode,
} from './data-integrity.js';
import { checkAchievementCredentialSchema } from './schema.js';
import { readStatus, type StatusListCredential } from './status-list.js';
import { createVerificationMethodResolver, type VerificationMethodResolver } from './verification-methods.js';

/**
 * Verification of an Open Badges 3.0 credential (OB 3.0 §8.2 "OpenBadgeCredential Verification"):
 * schema conformance, the eddsa-rdfc-2022 proof by a key of the issuer, the validity period and the
 * Bitstring Status List. It answers with every problem it found instead of throwing, so the public
 * verification page can say exactly why a credential is not valid.
 */

/** Every reason a credential can fail verification. */
export type VerificationProblemCode =
  | ProofProblemCode
  | 'malformed'
  | 'schema_invalid'
  | 'no_proof'
  | 'not_yet_valid'
  | 'expired'
  | 'revoked'
  | 'status_unavailable'
  | 'status_invalid';

/** One reason, with a sentence a person can read and, for schema problems, where. */
export interface VerificationProblem {
  code: VerificationProblemCode;
  message: string;
  path?: string;
}

/** The answer of {@link verifyAchievementCredential}. */
export interface VerificationResult {
  valid: boolean;
  problems: VerificationProblem[];
  credentialId: string | null;
  issuerId: string | null;
  /** The verification method of the proof that verified, if one did. */
  verificationMethod: string | null;
  /** `active`/`revoked` when the status list was read; `none` when the credential has no status; `unchecked` otherwise. */
  status: 'active' | 'revoked' | 'none' | 'unchecked';
  checkedAt: string;
}

/** Returns the status list credential published at a URL (or a Promise of it), or null when it cannot be had. */
export type StatusListLoader = (url: string) => unknown;

/** What the verifier needs from its caller. */
export interface VerifyOptions {
  /** Resolves verification methods; defaults to did:key only (no network). */
  resolveVerificationMethod?: VerificationMethodResolver;
  /** Loads status lists; without it a credential with a credentialStatus cannot be confirmed (status_unavailable). */
  loadStatusList?: StatusListLoader;
  /** The time to check validity at; defaults to now. */
  now?: Date;
}

const MAX_SCHEMA_PROBLEMS = 20;
/** Credentials are a few kilobytes; text beyond this is refused before parsing (routes should cap bodies lower). */
export const MAX_CREDENTIAL_TEXT_LENGTH = 1_048_576;

function issuerIdOf(doc: Record<string, unknown>): string | null {
  const issuer = doc.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string')
    return (issuer as { id: string }).id;
  return null;
}

function proofsOf(doc: Record<string, unknown>): unknown[] {
  const proof = doc.proof;
  if (proof === undefined || proof === null) return [];
  return Array.isArray(proof) ? proof : [proof];
}

function checkValidityPeriod(doc: Record<string, unknown>, now: Date, what: string): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const from = typeof doc.validFrom === 'string' ? Date.parse(doc.validFrom) : NaN;
  const until = typeof doc.validUntil === 'string' ? Date.parse(doc.validUntil) : NaN;
  if (!Number.isNaN(from) && from > now.getTime())
    problems.push({ code: 'not_yet_valid', message: `The ${what} is not valid until ${doc.validFrom as string}.` });
  if (!Number.isNaN(until) && until <= now.getTime())
    problems.push({ code: 'expired', message: `The ${what} expired on ${doc.validUntil as string}.` });
  return problems;
}

/**
 * Checks the proofs: any one supported proof by a key of `controller` is enough (OB 3.0 §8.6 note:
 * "the verifier MAY use any one proof"). Returns the winning check or the problems of all of them.
 */
async function checkProofs(
  doc: Record<string, unknown>,
  controller: string | null,
  resolve: VerificationMethodResolver,
  now: Date,
): Promise<{ ok: ProofCheck & { ok: true } } | { problems: VerificationProblem[] }> {
  const proofs = proofsOf(doc);
  if (proofs.length === 0)
    return {
      problems: [
        {
          code: 'no_proof',
          message: 'The credential has no proof, so nobody can tell who issued it or whether it was changed.',
        },
      ],
    };
  const supported = proofs.filter(isSupportedProof);
  if (supported.length === 0) {
    const types = proofs.map(
      (p) =>
        `${(p as DataIntegrityProof)?.type ?? '?'}${(p as DataIntegrityProof)?.cryptosuite ? `/${(p as DataIntegrityProof).cryptosuite}` : ''}`,
    );
    return {
      problems: [
        {
          code: 'unsupported_proof',
          message: `No proof Margins can check (found ${types.join(', ')}; supported: DataIntegrityProof with eddsa-rdfc-2022).`,
        },
      ],
    };
  }
  const problems: VerificationProblem[] = [];
  for (const proof of supported) {
    const check = await verifyProof(doc, proof, {
      resolveVerificationMethod: resolve,
      expectedController: controller,
      now,
    });
    if (check.ok) return { ok: check };
    if (!problems.some((p) => p.code === check.code && p.message === check.message))
      problems.push({ code: check.code, message: check.message });
  }
  return { problems };
}

async function checkStatus(
  entry: unknown,
  issuerId: string | null,
  opts: Required<Pick<VerifyOptions, 'resolveVerificationMethod'>> & VerifyOptions & { now: Date },
): Promise<{ status: VerificationResult['status']; problems: VerificationProblem[] }> {
  const entries = Array.isArray(entry) ? entry : [entry];
  const problems: VerificationProblem[] = [];
  let revoked = false;
  for (const e of entries) {
    const type = (e as { type?: unknown } | null)?.type;
    if (type !== 'BitstringStatusListEntry') {
      problems.push({
        code: 'status_unavailable',
        message: `The status method ${JSON.stringify(type)} is not supported; Margins reads BitstringStatusListEntry.`,
      });
      continue;
    }
    const url = (e as { statusListCredential?: unknown }).statusListCredential;
    if (typeof url !== 'string' || !opts.loadStatusList) {
      problems.push({ code: 'status_unavailable', message: 'The revocation status could not be checked.' });
      continue;
    }
    let list: unknown;
    try {
      list = await opts.loadStatusList(url);
    } catch {
      list = null;
    }
    if (!list || typeof list !== 'object') {
      problems.push({
        code: 'status_unavailable',
        message: `The status list ${url.slice(0, 200)} could not be loaded.`,
      });
      continue;
    }
    const listDoc = list as Record<string, unknown>;
    const listIssuer = issuerIdOf(listDoc);
    if (listIssuer !== issuerId) {
      problems.push({
        code: 'status_invalid',
        message: 'The status list was not published by the credential\u2019s issuer.',
      });
      continue;
    }
    const proof = await checkProofs(listDoc, issuerId, opts.resolveVerificationMethod, opts.now);
    if (!('ok' in proof)) {
      problems.push({
        code: 'status_invalid',
        message: `The status list\u2019s signature does not check out: ${proof.problems.map((p) => p.message).join(' ')}`,
      });
      continue;
    }
    const expired = checkValidityPeriod(listDoc, opts.now, 'status list');
    if (expired.length) {
      problems.push({ code: 'status_invalid', message: expired.map((p) => p.message).join(' ') });
      continue;
    }
    const reading = readStatus(e, list as StatusListCredential);
    if (!reading.ok) problems.push({ code: 'status_invalid', message: reading.message });
    else if (reading.revoked) revoked = true;
  }
  if (revoked) problems.unshift({ code: 'revoked', message: 'The issuer has revoked this credential.' });
  return { status: revoked ? 'revoked' : problems.length ? 'unchecked' : 'active', problems };
}

/** A check of the credential's securing mechanism: the embedded proofs, or an enveloping VC-JWT. */
export type ProofMechanismCheck = (
  credential: Record<string, unknown>,
  issuerId: string | null,
  resolve: VerificationMethodResolver,
  now: Date,
) => Promise<{ verificationMethod: string } | { problems: VerificationProblem[] }>;

const embeddedProofs: ProofMechanismCheck = async (credential, issuerId, resolve, now) => {
  const checked = await checkProofs(credential, issuerId, resolve, now);
  return 'ok' in checked ? { verificationMethod: checked.ok.verificationMethod } : checked;
};

/**
 * The checks every credential gets whatever secures it (OB 3.0 §8.2): JSON object, schema, subject
 * identified, validity period, the securing mechanism, then status (only once the issuer is proven).
 * @internal Shared by the embedded-proof and VC-JWT verifiers.
 */
export async function verifyParsedCredential(
  input: unknown,
  options: VerifyOptions,
  securedBy: ProofMechanismCheck = embeddedProofs,
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const resolve = options.resolveVerificationMethod ?? createVerificationMethodResolver();
  const base = {
    credentialId: null,
    issuerId: null,
    verificationMethod: null,
    status: 'unchecked' as const,
    checkedAt: now.toISOString(),
  };
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ...base,
      valid: false,
      problems: [{ code: 'malformed', message: 'The credential is not a JSON object.' }],
    };
  }
  const credential = input as Record<string, unknown>;
  const issuerId = issuerIdOf(credential);
  const problems: VerificationProblem[] = [];

  const schema = checkAchievementCredentialSchema(credential);
  for (const issue of schema.issues.slice(0, MAX_SCHEMA_PROBLEMS)) {
    problems.push({ code: 'schema_invalid', message: `${issue.path} ${issue.message}`, path: issue.path });
  }
  if (schema.issues.length > MAX_SCHEMA_PROBLEMS)
    problems.push({
      code: 'schema_invalid',
      message: `…and ${schema.issues.length - MAX_SCHEMA_PROBLEMS} more schema problems.`,
    });
  const subject = credential.credentialSubject as Record<string, unknown> | undefined;
  if (
    subject &&
    typeof subject === 'object' &&
    subject.id === undefined &&
    !(Array.isArray(subject.identifier) && subject.identifier.length)
  ) {
    problems.push({
      code: 'schema_invalid',
      message: 'The credential subject has neither an id nor an identifier (OB 3.0 §8.2).',
      path: '/credentialSubject',
    });
  }
  problems.push(...checkValidityPeriod(credential, now, 'credential'));

  const proof = await securedBy(credential, issuerId, resolve, now);
  let verificationMethod: string | null = null;
  if ('verificationMethod' in proof) verificationMethod = proof.verificationMethod;
  else problems.push(...proof.problems);

  let status: VerificationResult['status'] = 'none';
  if (credential.credentialStatus !== undefined) {
    if (verificationMethod) {
      const checked = await checkStatus(credential.credentialStatus, issuerId, {
        ...options,
        resolveVerificationMethod: resolve,
        now,
      });
      status = checked.status;
      problems.push(...checked.problems);
    } else {
      status = 'unchecked';
    }
  }

  return {
    valid: problems.length === 0,
    problems,
    credentialId: typeof credential.id === 'string' ? credential.id : null,
    issuerId,
    verificationMethod,
    status,
    checkedAt: now.toISOString(),
  };
}

/** Verifies an AchievementCredential with embedded proofs (object or JSON text). Never throws; see {@link VerificationResult}. */
export async function verifyAchievementCredential(
  input: unknown,
  options: VerifyOptions = {},
): Promise<VerificationResult> {
  if (typeof input === 'string') {
    const malformed = (message: string): VerificationResult => ({
      valid: false,
      problems: [{ code: 'malformed', message }],
      credentialId: null,
      issuerId: null,
      verificationMethod: null,
      status: 'unchecked',
      checkedAt: (options.now ?? new Date()).toISOString(),
    });
    if (input.length > MAX_CREDENTIAL_TEXT_LENGTH) return malformed('The credential is too large to be an Open Badge.');
    try {
      input = JSON.parse(input);
    } catch {
      return malformed('The credential is not valid JSON.');
    }
  }
  return verifyParsedCredential(input, options);
}
