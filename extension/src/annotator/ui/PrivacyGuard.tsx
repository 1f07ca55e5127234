import { i18n } from '#i18n';
import type { FieldIssue } from '@margins/shared/errors';
import { findPrivacyConcerns, type PrivacyConcern } from '@margins/shared/privacy';
import { Marked } from './Marked.js';

/** A field the guard looked at, with its label (as the form shows it). */
export interface GuardedField {
  id: string;
  label: string;
  text: string;
  /** The field's name in the background's refusal (`privacy.<issue>`), to mark what only it found. */
  issue?: string;
}

/**
 * The fields with something that may identify a student, and what matched: the light cue-word check
 * here (the name detector and the district's roster run in the background, issue 16) plus the words
 * of the background's refusal (`issues`), found again in the text as it is now, so edits clear them.
 */
export function concernsOf(
  fields: readonly GuardedField[],
  issues: readonly FieldIssue[] = [],
): { field: GuardedField; concerns: PrivacyConcern[] }[] {
  return fields
    .map((field) => {
      const concerns = findPrivacyConcerns(field.text);
      const refused = issues.filter((i) => field.issue && i.path === `privacy.${field.issue}`);
      for (const word of refused.flatMap((i) => [...i.message.matchAll(/“([^”]+)”/g)].map((m) => m[1]!))) {
        for (let at = field.text.indexOf(word); at >= 0; at = field.text.indexOf(word, at + word.length)) {
          if (concerns.some((c) => at < c.index + c.text.length && c.index < at + word.length)) continue;
          concerns.push({ kind: 'student-name', text: word, index: at, message: '' });
        }
      }
      return { field, concerns: concerns.sort((a, b) => a.index - b.index) };
    })
    .filter((f) => f.concerns.length > 0);
}

/** Props of {@link PrivacyGuard}. */
export interface PrivacyGuardProps {
  found: ReturnType<typeof concernsOf>;
  /** Moves focus to a field so the teacher can edit it. */
  onEdit: (fieldId: string) => void;
  onShareAnyway: () => void;
}

/**
 * "Check before sharing": shown instead of sending when a shared text seems to name a student
 * (a name beside "student" or "my kid", an email, an ID number). Each field is shown with the
 * matched words marked; the teacher edits, or explicitly shares anyway. Never for private notes.
 */
export function PrivacyGuard({ found, onEdit, onShareAnyway }: PrivacyGuardProps) {
  if (!found.length) return null;
  return (
    <div class="privacy" role="alert" tabIndex={-1}>
      <h3>{i18n.t('privacy.title')}</h3>
      <p>{i18n.t('privacy.intro')}</p>
      <ul>
        {found.map(({ field, concerns }) => (
          <li key={field.id}>
            <span class="label">{field.label}: </span>
            <q class="quoted">
              <Marked text={field.text.length > 600 ? field.text.slice(0, 600) : field.text} marks={concerns} />
            </q>
            <ul class="kinds">
              {[...new Set(concerns.map((c) => c.kind))].map((k) => (
                <li key={k}>{i18n.t(`privacy.${k.replace('-', '_') as 'student_name'}`)}</li>
              ))}
            </ul>
            <button type="button" class="link" onClick={() => onEdit(field.id)}>
              {i18n.t('privacy.edit', [field.label])}
            </button>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" onClick={onShareAnyway}>
          {i18n.t('privacy.shareAnyway')}
        </button>
      </div>
    </div>
  );
}
