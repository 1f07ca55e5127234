import { AppError, type FieldIssue } from '@margins/shared/errors';
import { findPrivacyConcerns } from '@margins/shared/privacy';

/** The texts of an adaptation that leave the machine when it is shared, by the form's field names. */
export interface SharedTexts {
  body?: string;
  rationale?: string;
  evidence?: { note?: string } | undefined;
}

/** One field's concerns, as the form highlights them. */
export interface FieldConcern {
  field: 'body' | 'rationale' | 'evidenceNote' | 'note' | 'text';
  matches: string[];
}

/**
 * The privacy guard before sharing (issue 6), the background's side: the form warns first and
 * lets the teacher edit or share anyway; a save that did neither is refused here, so no other
 * path (the panel, an old tab) can share a text that seems to name a student without the teacher
 * having seen the warning. Private notes are never checked.
 */
export function checkPrivacy(texts: SharedTexts): void {
  const concerns = concernsIn({
    body: texts.body ?? '',
    rationale: texts.rationale ?? '',
    evidenceNote: texts.evidence?.note ?? '',
  });
  if (concerns.length) throw privacyError(concerns);
}

/** The same check for a short shared text (an "I tried this" note, feedback). */
export function checkPrivacyOf(field: 'note' | 'text', text: string): void {
  const concerns = concernsIn({ [field]: text });
  if (concerns.length) throw privacyError(concerns);
}

function concernsIn(fields: Partial<Record<FieldConcern['field'], string>>): FieldConcern[] {
  const out: FieldConcern[] = [];
  for (const [field, text] of Object.entries(fields) as [FieldConcern['field'], string][]) {
    const found = findPrivacyConcerns(text);
    if (found.length) out.push({ field, matches: found.map((c) => c.text) });
  }
  return out;
}

function privacyError(concerns: FieldConcern[]): AppError {
  const issues: FieldIssue[] = concerns.map((c) => ({
    path: `privacy.${c.field}`,
    message: `This may identify a student or family (${c.matches.map((m) => `“${m}”`).join(', ')}). Edit it, or choose to share anyway.`,
  }));
  return new AppError(
    'validation_failed',
    'Before sharing, check the highlighted words: they may identify a student. Edit the text, or choose "Share anyway".',
    issues,
  );
}
