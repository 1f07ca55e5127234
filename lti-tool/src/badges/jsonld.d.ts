/** The small part of jsonld.js 9 that the badge signer uses (the package ships no types). */
declare module 'jsonld' {
  interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  interface CanonizeOptions {
    algorithm: 'RDFC-1.0';
    format: 'application/n-quads';
    documentLoader: (url: string) => Promise<RemoteDocument>;
    /** Safe mode: fail on terms that would be dropped during expansion instead of dropping them. */
    safe?: boolean;
  }
  const jsonld: {
    canonize(input: object, options: CanonizeOptions): Promise<string>;
  };
  export default jsonld;
}
