import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import achievementCredentialSchema from './ob-v3p0-achievementcredential-schema.json' with { type: 'json' };

/**
 * The 1EdTech AchievementCredential JSON Schema (OB 3.0 §B.2, JSON Schema 2019-09), bundled so a
 * verifier needs no network. OB 3.0 §8.2 step 1: a credential whose credentialSchema names it with
 * type 1EdTechJsonSchemaValidator2019 must conform; Margins checks every AchievementCredential.
 */

/** The id under which 1EdTech publishes the schema, used in `credentialSchema`. */
export const ACHIEVEMENT_CREDENTIAL_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
/** The credentialSchema type 1EdTech's validator understands (VCCS 1.0). */
export const ONEEDTECH_SCHEMA_VALIDATOR_TYPE = '1EdTechJsonSchemaValidator2019';

/** One schema violation, by JSON pointer. */
export interface SchemaIssue {
  path: string;
  message: string;
}

let compiled:
  | (((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null })
  | undefined;

function validator() {
  if (!compiled) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(achievementCredentialSchema);
  }
  return compiled;
}

/**
 * Checks a credential against the AchievementCredential schema; every violation is listed. A single
 * proof object, which VC DM 2.0 and Data Integrity allow (and 1EdTech's own signed vector uses), is
 * checked as a one-element array, since the schema only describes the array form.
 */
export function checkAchievementCredentialSchema(credential: unknown): { valid: boolean; issues: SchemaIssue[] } {
  const validate = validator();
  const doc = credential as Record<string, unknown> | null;
  const normalized =
    doc &&
    typeof doc === 'object' &&
    !Array.isArray(doc) &&
    doc.proof &&
    typeof doc.proof === 'object' &&
    !Array.isArray(doc.proof)
      ? { ...doc, proof: [doc.proof] }
      : credential;
  const valid = validate(normalized);
  const issues = valid
    ? []
    : (validate.errors ?? []).map((e) => {
        const allowed = (e.params as { allowedValues?: unknown } | undefined)?.allowedValues;
        return {
          path: e.instancePath || '/',
          message: `${e.message ?? 'is not valid'}${allowed !== undefined ? ` (${JSON.stringify(allowed)})` : ''}`,
        };
      });
  // allErrors reports each failing oneOf branch; keep each distinct sentence once.
  const seen = new Set<string>();
  return {
    valid,
    issues: issues.filter((i) => !seen.has(`${i.path} ${i.message}`) && seen.add(`${i.path} ${i.message}`)),
  };
}
