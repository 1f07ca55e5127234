import credentialsV2 from './contexts/credentials-v2.json' with { type: 'json' };
import dataIntegrityV2 from './contexts/data-integrity-v2.json' with { type: 'json' };
import multikeyV1 from './contexts/multikey-v1.json' with { type: 'json' };
import obContext302 from './contexts/ob-v3p0-context-3.0.2.json' with { type: 'json' };
import obContext303 from './contexts/ob-v3p0-context-3.0.3.json' with { type: 'json' };

/** The VC Data Model 2.0 base context (VC-DATA-MODEL-2.0 §4.3): always first in a credential. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The Open Badges 3.0.3 context Margins issues with (OB 3.0 §B.1 JSON-LD context). */
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The Data Integrity v2 context, for documents that carry proofs without the VC context. */
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
/** The Multikey context used by the public key documents the tool serves. */
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

const BUNDLED: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  [VC_V2_CONTEXT, credentialsV2],
  [OB_V3_CONTEXT, obContext303],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', obContext302],
  [DATA_INTEGRITY_V2_CONTEXT, dataIntegrityV2],
  [MULTIKEY_V1_CONTEXT, multikeyV1],
]);

/** The context URLs the loader serves, for error messages and docs. */
export const BUNDLED_CONTEXT_URLS: readonly string[] = [...BUNDLED.keys()];

/** Thrown when a document names a context that is not bundled: Margins never fetches one. */
export class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(
      `The JSON-LD context ${JSON.stringify(url.slice(0, 200))} is not one Margins knows; only ${BUNDLED_CONTEXT_URLS.join(', ')} are accepted.`,
    );
    this.name = 'UnknownContextError';
  }
}

/** The shape jsonld.js expects from a document loader. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * jsonld.js document loader that works offline: it serves the bundled copies and refuses any other
 * URL, so processing a credential never touches the network (no SSRF, no context swapped under us).
 */
export async function offlineDocumentLoader(url: string): Promise<RemoteDocument> {
  const document = BUNDLED.get(url);
  if (document === undefined) throw new UnknownContextError(url);
  // A deep copy: jsonld.js must never be able to mutate the shared bundled object.
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}
