import { useState } from 'preact/hooks';
import type { CollectionView } from '@margins/shared';
import { client } from '../api.js';
import { t } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { Marked } from './AwardForm.js';

/** One text of the collection with the passages the check found, as positions in it. */
interface Flagged {
  label: MessageKey;
  text: string;
  marks: { start: number; end: number }[];
}

/** The texts a collection makes visible to teachers when it is published. */
function textsOf(c: CollectionView): { field: string; label: MessageKey; text: string }[] {
  return [
    { field: 'title', label: 'publishCheck.title' as const, text: c.title },
    { field: 'description', label: 'publishCheck.description' as const, text: c.description },
    {
      field: 'notes',
      label: 'publishCheck.notes' as const,
      text: c.entries
        .map((e) => (e.status === 'visible' ? e.note : ''))
        .filter(Boolean)
        .join('\n'),
    },
  ].filter((f) => f.text.trim());
}

/**
 * The privacy check before a collection is published (issue 16): the tool's roster-aware check of
 * its title, description and curation notes; a warning with the words marked, and the coach
 * publishes anyway or edits. When the tool cannot answer, publishing is not held up.
 */
export function usePublishCheck() {
  const [found, setFound] = useState<Flagged[]>([]);
  return {
    found,
    reset: () => setFound([]),
    /** True when the collection may be published now (nothing found). */
    async check(c: CollectionView): Promise<boolean> {
      const texts = textsOf(c);
      if (!texts.length) return true;
      let findings;
      try {
        findings = (await client.privacyCheck({ fields: Object.fromEntries(texts.map((f) => [f.field, f.text])) }))
          .findings;
      } catch {
        return true;
      }
      const flagged = texts
        .map((f) => ({
          label: f.label,
          text: f.text,
          marks: findings.filter((x) => x.field === f.field).map((x) => ({ start: x.index, end: x.index + x.length })),
        }))
        .filter((f) => f.marks.length);
      setFound(flagged);
      return flagged.length === 0;
    },
  };
}

/** The warning: each text with the words marked, and "Publish anyway". */
export function PublishWarning({ found, onPublishAnyway }: { found: Flagged[]; onPublishAnyway: () => void }) {
  if (!found.length) return null;
  return (
    <div class="state warning privacy-marks" role="alert" id="ce-privacy" tabIndex={-1}>
      <p>{t('publishCheck.intro')}</p>
      <ul>
        {found.map((f) => (
          <li key={f.label}>
            {t(f.label)}:{' '}
            <span class="quoted">
              <Marked text={f.text} marks={f.marks} />
            </span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onPublishAnyway}>
        {t('publishCheck.anyway')}
      </button>
    </div>
  );
}
