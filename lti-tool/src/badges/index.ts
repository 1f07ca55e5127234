/**
 * Open Badges 3.0 credentials for Margins recognitions (issue 7): district issuer keys, the
 * AchievementCredential builder, eddsa-rdfc-2022 signing and verification, and revocation through
 * a Bitstring Status List. Self-contained: routes and storage wire it in; see README.md here.
 */
export {
  IssuerKey,
  KeyFormatError,
  decodeEd25519PublicKeyMultibase,
  encodeEd25519PublicKeyMultibase,
  decodeBase58btcMultibase,
  encodeBase58btcMultibase,
  didKeyOf,
  didKeyVerificationMethodOf,
  httpsVerificationMethodOf,
  verifyEd25519,
  type MultikeyDocument,
} from './issuer-key.js';
export {
  KeyEncryptionKey,
  KeySealingError,
  sealIssuerKey,
  unsealIssuerKey,
  sealBytes,
  unsealBytes,
  sealedWith,
} from './key-sealing.js';
export {
  BUNDLED_CONTEXT_URLS,
  DATA_INTEGRITY_V2_CONTEXT,
  MULTIKEY_V1_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
  UnknownContextError,
  offlineDocumentLoader,
} from './document-loader.js';
export {
  DATA_INTEGRITY_PROOF,
  EDDSA_RDFC_2022,
  CanonicalizationError,
  canonicalize,
  createProof,
  isSupportedProof,
  proofArtifacts,
  signDocument,
  verifyProof,
  xsdDateTime,
  type DataIntegrityProof,
  type ProofArtifacts,
  type ProofCheck,
  type ProofOptions,
  type ProofProblemCode,
} from './data-integrity.js';
export {
  createVerificationMethodResolver,
  resolveDidKey,
  type ResolvedVerificationMethod,
  type VerificationMethodResolver,
} from './verification-methods.js';
export {
  ACHIEVEMENT_CREDENTIAL_SCHEMA_ID,
  ONEEDTECH_SCHEMA_VALIDATOR_TYPE,
  checkAchievementCredentialSchema,
  type SchemaIssue,
} from './schema.js';
export {
  ACHIEVEMENT_CREDENTIAL_CONTEXT,
  IssuerProfileSchema,
  RECIPIENT_IDENTITY_TYPES,
  RecipientSchema,
  buildAchievementCredential,
  hashRecipient,
  identityHash,
  recipientMatches,
  type AchievementCredential,
  type BuildCredentialInput,
  type CoachRecognition,
  type IdentityObject,
  type IssuerProfile,
  type Recipient,
  type RuleRecognition,
} from './credential.js';
export { describeRuleEvidence } from './evidence.js';
export { buildIssuerProfileDocument, issueAchievementCredential, verificationMethodFor } from './issue.js';
export {
  STATUS_LIST_MIN_LENGTH,
  buildStatusListCredential,
  buildStatusListEntry,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  issueStatusListCredential,
  randomStatusIndex,
  readStatus,
  setStatusBit,
  type StatusListCredential,
  type StatusListEntry,
  type StatusReading,
} from './status-list.js';
export {
  MAX_CREDENTIAL_TEXT_LENGTH,
  verifyAchievementCredential,
  type StatusListLoader,
  type VerificationProblem,
  type VerificationProblemCode,
  type VerificationResult,
  type VerifyOptions,
} from './verify.js';
export { signCredentialJwt, verifyCredentialJwt } from './vc-jwt.js';
