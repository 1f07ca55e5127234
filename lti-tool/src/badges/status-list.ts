import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { VC_V2_CONTEXT } from './document-loader.js';
import { signDocument, xsdDateTime, type DataIntegrityProof, type ProofOptions } from './data-integrity.js';
import type { IssuerKey } from './issuer-key.js';

/**
 * Revocation with the W3C Bitstring Status List v1.0, the status method OB 3.0 documents
 * (OB 3.0 §8.2 step 4: "credentialStatus … of type BitstringStatusListEntry"). Each credential
 * points at one bit of a list the district publishes as a signed BitstringStatusListCredential;
 * revoking sets the bit and re-signs the list. Verifiers learn nothing about which credential is
 * being checked, and a 131,072-entry list hides each credential among many (§6.1 herd privacy).
 */

/** The minimum list length the spec requires (16 KiB of bits). */
export const STATUS_LIST_MIN_LENGTH = 131_072;
/** Inflating more than this is refused: a list from elsewhere could be a zip bomb. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** A credential's pointer into a status list (BitstringStatusListEntry, §2.1). */
export interface StatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  /** The bit index, as a decimal string (the spec's form). */
  statusListIndex: string;
  statusListCredential: string;
}

/** A published status list (BitstringStatusListCredential, §2.2). */
export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: 'revocation';
    encodedList: string;
    ttl?: number;
  };
  proof?: DataIntegrityProof[];
}

/** An all-zero (nothing revoked) bitstring of `length` bits. */
export function createStatusList(length = STATUS_LIST_MIN_LENGTH): Uint8Array {
  if (!Number.isInteger(length) || length < STATUS_LIST_MIN_LENGTH || length % 8 !== 0) {
    throw new RangeError(`A status list has a multiple of 8 bits and at least ${STATUS_LIST_MIN_LENGTH}.`);
  }
  return new Uint8Array(length / 8);
}

function checkIndex(bits: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8)
    throw new RangeError(`Status index ${index} is outside the list (0–${bits.length * 8 - 1}).`);
}

/** Sets (revokes) or clears bit `index`; index 0 is the left-most bit of the first byte (§3.1). */
export function setStatusBit(bits: Uint8Array, index: number, value: boolean): void {
  checkIndex(bits, index);
  const mask = 0x80 >> (index % 8);
  bits[index >> 3] = value ? bits[index >> 3]! | mask : bits[index >> 3]! & ~mask;
}

/** Reads bit `index`. */
export function getStatusBit(bits: Uint8Array, index: number): boolean {
  checkIndex(bits, index);
  return (bits[index >> 3]! & (0x80 >> (index % 8))) !== 0;
}

/** encodedList: GZIP, then base64url without padding, as multibase (leading `u`). */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** Decodes an encodedList (tolerating the older form without the `u` prefix); bounded in size. */
export function decodeStatusList(encodedList: string): Uint8Array {
  const body = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList;
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new Error('The encodedList is not base64url.');
  return new Uint8Array(gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_DECODED_BYTES }));
}

/**
 * A random index not yet used in a list, as the spec advises (§6.3: sequential indexes leak issue
 * order). `isTaken` is asked about candidates; fails after many tries when the list is nearly full.
 */
export function randomStatusIndex(isTaken: (index: number) => boolean, length = STATUS_LIST_MIN_LENGTH): number {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const index = randomInt(length);
    if (!isTaken(index)) return index;
  }
  throw new Error('The status list is nearly full; start a new list.');
}

/** The credentialStatus for bit `index` of the list published at `statusListCredential`. */
export function buildStatusListEntry(statusListCredential: string, index: number): StatusListEntry {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('A status index is a non-negative integer.');
  return {
    id: `${statusListCredential}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential,
  };
}

/** The unsigned status list credential for `bits`, to publish at `id` once signed. */
export function buildStatusListCredential(input: {
  id: string;
  issuerId: string;
  bits: Uint8Array;
  validFrom?: Date;
  validUntil?: Date;
  ttlMs?: number;
}): StatusListCredential {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerId,
    validFrom: xsdDateTime(input.validFrom ?? new Date()),
    ...(input.validUntil ? { validUntil: xsdDateTime(input.validUntil) } : {}),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(input.bits),
      ...(input.ttlMs !== undefined ? { ttl: input.ttlMs } : {}),
    },
  };
}

/** Builds and signs the status list credential the tool serves at `id` (re-issue it after each revoke). */
export async function issueStatusListCredential(
  input: { id: string; issuerId: string; bits: Uint8Array; validFrom?: Date; validUntil?: Date; ttlMs?: number },
  key: IssuerKey,
  proof: ProofOptions,
): Promise<StatusListCredential> {
  return (await signDocument(
    buildStatusListCredential(input) as unknown as Record<string, unknown>,
    key,
    proof,
  )) as unknown as StatusListCredential;
}

/** What reading a credential's status bit found. */
export type StatusReading = { ok: true; revoked: boolean } | { ok: false; message: string };

/**
 * Reads the bit a BitstringStatusListEntry points at in an (already verified) status list
 * credential, with the spec's checks (§3.2 Validate Algorithm): same list URL, same purpose, list
 * long enough, index in range.
 */
export function readStatus(entry: unknown, list: StatusListCredential): StatusReading {
  const e = entry as Partial<StatusListEntry> | null;
  if (!e || typeof e !== 'object' || e.type !== 'BitstringStatusListEntry')
    return { ok: false, message: 'The credentialStatus is not a BitstringStatusListEntry.' };
  if (e.statusListCredential !== list.id)
    return { ok: false, message: 'The status list is not the one the credential points at.' };
  const subject = list.credentialSubject;
  if (!list.type?.includes('BitstringStatusListCredential') || subject?.type !== 'BitstringStatusList')
    return { ok: false, message: 'The status list document is not a BitstringStatusListCredential.' };
  if (subject.statusPurpose !== e.statusPurpose)
    return {
      ok: false,
      message: `The status list is for "${subject.statusPurpose}", the credential asks about "${e.statusPurpose}".`,
    };
  if (!/^(0|[1-9]\d*)$/.test(String(e.statusListIndex)))
    return { ok: false, message: 'The statusListIndex is not a non-negative integer.' };
  let bits: Uint8Array;
  try {
    bits = decodeStatusList(String(subject.encodedList ?? ''));
  } catch {
    return { ok: false, message: 'The status list could not be decoded.' };
  }
  if (bits.length * 8 < STATUS_LIST_MIN_LENGTH)
    return {
      ok: false,
      message: `The status list has ${bits.length * 8} entries; at least ${STATUS_LIST_MIN_LENGTH} are required.`,
    };
  const index = Number(e.statusListIndex);
  if (index >= bits.length * 8)
    return { ok: false, message: 'The statusListIndex is beyond the end of the status list.' };
  return { ok: true, revoked: getStatusBit(bits, index) };
}
