// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient `declare module` cannot be imported; the reference carries it into the packages that import this file
/// <reference path="./jsonld.d.ts" />
import { createHash } from 'node:crypto';
import jsonld from 'jsonld';
import { offlineDocumentLoader, UnknownContextError } from './document-loader.js';
import {
  decodeBase58btcMultibase,
  decodeEd25519PublicKeyMultibase,
  encodeBase58btcMultibase,
  verifyEd25519,
  type IssuerKey,
  KeyFormatError,
} from './issuer-key.js';
import type { VerificationMethodResolver } from './verification-methods.js';

/**
 * The `eddsa-rdfc-2022` Data Integrity cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0
 * §3.3): RDF Dataset Canonicalization (RDFC-1.0) of the document and of the proof configuration,
 * SHA-256 of each, Ed25519 over proofConfigHash ‖ documentHash, proofValue in base58btc multibase.
 */

/** The proof type (VC Data Integrity 1.0 §2.1). */
export const DATA_INTEGRITY_PROOF = 'DataIntegrityProof';
/** The cryptosuite Margins signs with. */
export const EDDSA_RDFC_2022 = 'eddsa-rdfc-2022';

/** A Data Integrity proof as it appears in a secured document. */
export interface DataIntegrityProof {
  '@context'?: unknown;
  type: string;
  cryptosuite?: string;
  created?: string;
  expires?: string;
  verificationMethod?: string;
  proofPurpose?: string;
  proofValue?: string;
  [key: string]: unknown;
}

/** Why a JSON-LD document cannot be canonicalised; the verifier turns these into problems. */
export class CanonicalizationError extends Error {
  constructor(
    readonly reason: 'unknown_context' | 'undefined_terms' | 'invalid_json_ld',
    message: string,
  ) {
    super(message);
    this.name = 'CanonicalizationError';
  }
}

/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document, offline, in jsonld.js "safe mode": a property
 * or type that the contexts do not define is an error instead of being silently dropped, because a
 * dropped term is a term the signature would not protect.
 */
export async function canonicalize(document: object): Promise<string> {
  try {
    return await jsonld.canonize(document, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      documentLoader: offlineDocumentLoader,
      safe: true,
    });
  } catch (error) {
    throw toCanonicalizationError(error);
  }
}

function toCanonicalizationError(error: unknown): CanonicalizationError {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof UnknownContextError) return new CanonicalizationError('unknown_context', e.message);
    e = (e as { details?: { cause?: unknown } }).details?.cause ?? (e as { cause?: unknown }).cause;
  }
  const err = error as {
    message?: string;
    details?: { event?: { code?: string; details?: { property?: string; type?: string } } };
  };
  if (String(err.message).includes('Safe mode')) {
    const event = err.details?.event;
    const what = event?.details?.property ?? event?.details?.type;
    return new CanonicalizationError(
      'undefined_terms',
      `The document uses ${what ? `"${String(what).slice(0, 100)}", ` : ''}a term its JSON-LD contexts do not define (${event?.code ?? 'safe mode'}), so a signature could not protect it.`,
    );
  }
  return new CanonicalizationError(
    'invalid_json_ld',
    `The document is not valid JSON-LD: ${String(err.message ?? error).slice(0, 200)}`,
  );
}

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

/** Every intermediate value of eddsa-rdfc-2022, exposed so tests can compare each with a vector. */
export interface ProofArtifacts {
  canonicalDocument: string;
  canonicalProofConfig: string;
  documentHash: Uint8Array;
  proofConfigHash: Uint8Array;
  /** proofConfigHash ‖ documentHash: the bytes that are signed. */
  hashData: Uint8Array;
}

/**
 * Transformation, proof configuration and hashing (§3.3.1–3.3.4): the proof configuration is the
 * proof without proofValue, under the document's @context.
 */
export async function proofArtifacts(
  unsecuredDocument: Record<string, unknown>,
  proof: DataIntegrityProof,
): Promise<ProofArtifacts> {
  const { proofValue: _ignored, ...options } = proof;
  const proofConfig = { ...options, '@context': unsecuredDocument['@context'] };
  const [canonicalDocument, canonicalProofConfig] = await Promise.all([
    canonicalize(unsecuredDocument),
    canonicalize(proofConfig),
  ]);
  const documentHash = sha256(canonicalDocument);
  const proofConfigHash = sha256(canonicalProofConfig);
  const hashData = new Uint8Array(64);
  hashData.set(proofConfigHash);
  hashData.set(documentHash, 32);
  return { canonicalDocument, canonicalProofConfig, documentHash, proofConfigHash, hashData };
}

/** XMLSchema dateTime with a time zone, second precision, as `created` is written. */
export function xsdDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What {@link createProof} needs besides the document and the key. */
export interface ProofOptions {
  /** The verification method id the verifier will dereference (did:key or https URL). */
  verificationMethod: string;
  /** When the proof was made; defaults to now. */
  created?: Date | string;
  /** Defaults to assertionMethod, the purpose OB 3.0 requires for issuer proofs. */
  proofPurpose?: string;
}

/** Creates an eddsa-rdfc-2022 proof over `unsecuredDocument` (a document without `proof`). */
export async function createProof(
  unsecuredDocument: Record<string, unknown>,
  key: IssuerKey,
  options: ProofOptions,
): Promise<DataIntegrityProof> {
  if ('proof' in unsecuredDocument) throw new Error('The document already has a proof; sign the unsecured document.');
  const created =
    options.created instanceof Date ? xsdDateTime(options.created) : (options.created ?? xsdDateTime(new Date()));
  const proof: DataIntegrityProof = {
    type: DATA_INTEGRITY_PROOF,
    created,
    verificationMethod: options.verificationMethod,
    cryptosuite: EDDSA_RDFC_2022,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
  };
  const { hashData } = await proofArtifacts(unsecuredDocument, proof);
  return { ...proof, proofValue: encodeBase58btcMultibase(key.sign(hashData)) };
}

/**
 * Signs a document: returns a copy with an eddsa-rdfc-2022 proof in a `proof` array (the OB 3.0
 * JSON Schema requires an array).
 */
export async function signDocument<T extends Record<string, unknown>>(
  unsecuredDocument: T,
  key: IssuerKey,
  options: ProofOptions,
): Promise<T & { proof: DataIntegrityProof[] }> {
  const proof = await createProof(unsecuredDocument, key, options);
  return { ...unsecuredDocument, proof: [proof] };
}

/** Problems a single proof check can report (a subset of the verifier's problem codes). */
export type ProofProblemCode =
  | 'unsupported_proof'
  | 'unknown_context'
  | 'undefined_terms'
  | 'invalid_json_ld'
  | 'unknown_key'
  | 'key_not_authorized'
  | 'bad_signature'
  | 'tampered'
  | 'proof_expired';

/** The outcome of checking one proof. */
export type ProofCheck =
  { ok: true; verificationMethod: string; controller: string } | { ok: false; code: ProofProblemCode; message: string };

/** True for a proof Margins can check (DataIntegrityProof with eddsa-rdfc-2022). */
export function isSupportedProof(proof: unknown): proof is DataIntegrityProof {
  const p = proof as DataIntegrityProof | null;
  return !!p && typeof p === 'object' && p.type === DATA_INTEGRITY_PROOF && p.cryptosuite === EDDSA_RDFC_2022;
}

const XSD_DATETIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Verifies one eddsa-rdfc-2022 proof of `securedDocument` (§3.3.2 Verify Proof) and that its key
 * belongs to `expectedController` (the credential's issuer) for the expected purpose. Never throws.
 */
export async function verifyProof(
  securedDocument: Record<string, unknown>,
  proof: DataIntegrityProof,
  opts: {
    resolveVerificationMethod: VerificationMethodResolver;
    expectedController: string | null;
    expectedPurpose?: string;
    now?: Date;
  },
): Promise<ProofCheck> {
  if (!isSupportedProof(proof)) {
    const p = proof as DataIntegrityProof | null;
    return {
      ok: false,
      code: 'unsupported_proof',
      message: `Proof type ${JSON.stringify(p?.type)} with cryptosuite ${JSON.stringify(p?.cryptosuite)} is not supported; Margins checks DataIntegrityProof with eddsa-rdfc-2022.`,
    };
  }
  const purpose = opts.expectedPurpose ?? 'assertionMethod';
  if (proof.proofPurpose !== purpose)
    return {
      ok: false,
      code: 'key_not_authorized',
      message: `The proof purpose is ${JSON.stringify(proof.proofPurpose)}; an issuer's proof must be "${purpose}".`,
    };
  if (proof.created !== undefined && (typeof proof.created !== 'string' || !XSD_DATETIME.test(proof.created))) {
    return { ok: false, code: 'bad_signature', message: 'The proof "created" time is not a valid date-time.' };
  }
  if (
    proof.expires !== undefined &&
    (typeof proof.expires !== 'string' ||
      !XSD_DATETIME.test(proof.expires) ||
      Date.parse(proof.expires) <= (opts.now ?? new Date()).getTime())
  ) {
    return { ok: false, code: 'proof_expired', message: 'The proof has expired.' };
  }

  let signature: Uint8Array;
  try {
    signature = decodeBase58btcMultibase(String(proof.proofValue ?? ''));
  } catch {
    return { ok: false, code: 'bad_signature', message: 'The proofValue is not a base58btc multibase value.' };
  }
  if (signature.length !== 64)
    return {
      ok: false,
      code: 'bad_signature',
      message: `The proofValue decodes to ${signature.length} bytes; an Ed25519 signature has 64.`,
    };

  const vmId = proof.verificationMethod;
  if (typeof vmId !== 'string' || !vmId)
    return { ok: false, code: 'unknown_key', message: 'The proof names no verification method.' };
  let method;
  try {
    method = await opts.resolveVerificationMethod(vmId);
  } catch {
    method = null;
  }
  if (!method)
    return {
      ok: false,
      code: 'unknown_key',
      message: `The verification method ${JSON.stringify(vmId.slice(0, 200))} could not be resolved to a known public key.`,
    };
  if (opts.expectedController !== null && method.controller !== opts.expectedController) {
    return {
      ok: false,
      code: 'key_not_authorized',
      message: `The signing key belongs to ${JSON.stringify(method.controller)}, not to the issuer ${JSON.stringify(opts.expectedController)}.`,
    };
  }
  let publicKey: Uint8Array;
  try {
    publicKey = decodeEd25519PublicKeyMultibase(method.publicKeyMultibase);
  } catch (e) {
    return {
      ok: false,
      code: 'unknown_key',
      message: e instanceof KeyFormatError ? e.message : 'The verification method has no usable Ed25519 key.',
    };
  }

  const { proof: _proofs, ...unsecured } = securedDocument;
  if (proof['@context'] !== undefined) {
    const docContexts = ([] as unknown[]).concat(securedDocument['@context'] ?? []);
    const proofContexts = ([] as unknown[]).concat(proof['@context']);
    if (!proofContexts.every((c, i) => JSON.stringify(c) === JSON.stringify(docContexts[i]))) {
      return {
        ok: false,
        code: 'tampered',
        message: 'The proof @context does not match the start of the document @context.',
      };
    }
  }
  let artifacts: ProofArtifacts;
  try {
    const { '@context': _proofContext, ...proofOptions } = proof;
    artifacts = await proofArtifacts(unsecured, proofOptions);
  } catch (e) {
    if (e instanceof CanonicalizationError) return { ok: false, code: e.reason, message: e.message };
    return { ok: false, code: 'invalid_json_ld', message: 'The document could not be processed as JSON-LD.' };
  }
  if (!verifyEd25519(publicKey, artifacts.hashData, signature)) {
    return {
      ok: false,
      code: 'tampered',
      message:
        'The signature does not match the content: the credential was changed after it was signed, or was not signed by this key.',
    };
  }
  return { ok: true, verificationMethod: vmId, controller: method.controller };
}
