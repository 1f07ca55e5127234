import { DEFAULT_RECOGNITION_RULES, type EarnedRecognition, type RecognitionRule } from '@margins/shared';
import {
  IssuerKey,
  buildIssuerProfileDocument,
  createVerificationMethodResolver,
  type BuildCredentialInput,
  type IssuerProfile,
} from '../../src/badges/index.js';

/** A district as the tool will describe it. */
export const issuer: IssuerProfile = {
  id: 'https://margins.example.org/badges/issuers/3f1c9a52',
  name: 'Springfield Unified School District',
  url: 'https://springfield.example.org',
  email: 'badges@springfield.example.org',
  description: 'Recognises teacher leadership in instructional practice.',
  image: { id: 'https://margins.example.org/badges/issuers/3f1c9a52/logo.png', caption: 'District logo' },
};

/** A rule from the shipped set, by id. */
export function rule(id: string): RecognitionRule {
  const found = DEFAULT_RECOGNITION_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

/** What the evaluator reports for "Practice tried by colleagues" (three colleagues, one adaptation). */
export const earnedTriedByThree: EarnedRecognition = {
  ruleId: 'practice-tried-by-three',
  personId: 'teacher-7c1e',
  earnedAt: '2026-03-02T15:04:05Z',
  adaptationId: '0b6f7a1e-1111-4222-8333-944445555666',
  eventIds: [
    '5a0e1f6e-0000-4000-8000-000000000001',
    '5a0e1f6e-0000-4000-8000-000000000002',
    '5a0e1f6e-0000-4000-8000-000000000003',
  ],
};

/** Input for one rule-earned credential. */
export function ruleInput(overrides: Partial<BuildCredentialInput> = {}): BuildCredentialInput {
  return {
    id: 'https://margins.example.org/badges/credentials/2c5e8f3a-9b1d-4e2f-8a6b-1c2d3e4f5a6b',
    issuer,
    recognition: { kind: 'rule', rule: rule('practice-tried-by-three'), earned: earnedTriedByThree },
    achievementId: 'https://margins.example.org/badges/issuers/3f1c9a52/achievements/practice-tried-by-three',
    recipient: { email: 'Ms.Rivera@Springfield.example.org' },
    validFrom: new Date('2026-03-03T09:00:00Z'),
    ...overrides,
  };
}

/** Input for one coach-awarded credential. */
export function coachInput(overrides: Partial<BuildCredentialInput> = {}): BuildCredentialInput {
  return {
    id: 'urn:uuid:7d0a1b2c-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    issuer,
    recognition: {
      kind: 'coach',
      award: {
        recipientId: 'teacher-7c1e',
        title: 'Language support champion',
        citation:
          'Led the grade 4 team in building sentence frames for multilingual learners and coached two colleagues through their first trials.',
      },
      awardedAt: '2026-04-10T13:00:00Z',
    },
    achievementId: 'https://margins.example.org/badges/issuers/3f1c9a52/achievements/coach/7d0a1b2c',
    recipient: { identityType: 'ltiUserId', value: 'a6d5c1f0-canvas-sub' },
    validFrom: new Date('2026-04-10T13:05:00Z'),
    ...overrides,
  };
}

/** A district key with the resolver the tool would build from its issuer profile. */
export function districtKey() {
  const key = IssuerKey.generate();
  const profile = buildIssuerProfileDocument(issuer, { current: key });
  return { key, profile, resolver: createVerificationMethodResolver(profile.verificationMethod) };
}
