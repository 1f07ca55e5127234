import { i18n } from '#i18n';
import { outcomeLabel } from '../../i18n/labels.js';
import { remixLine } from '../../i18n/social.js';
import type { ColleagueAdaptation, PageAdaptation } from '../../protocol/views.js';

/** Props of {@link AdaptationText}. */
export interface AdaptationTextProps {
  adaptation: PageAdaptation | ColleagueAdaptation;
  /** The kinds' labels, in the reader's language. */
  kinds: string[];
}

/**
 * What every note says of an adaptation, mine or a colleague's: kinds, the adaptation, rationale,
 * evidence and whose work it remixes, always rendered as text.
 */
export function AdaptationText({ adaptation: a, kinds }: AdaptationTextProps) {
  return (
    <>
      <ul class="chips" aria-label={i18n.t('note.kinds')}>
        {kinds.map((k) => (
          <li key={k}>{k}</li>
        ))}
      </ul>
      <p>{a.body}</p>
      {a.rationale && (
        <p>
          <span class="label">{i18n.t('note.rationale')}: </span>
          {a.rationale}
        </p>
      )}
      {a.evidence && (
        <p>
          <span class="label">{i18n.t('note.evidence')}: </span>
          {outcomeLabel(a.evidence.outcome)}
          {a.evidence.note ? ` — ${a.evidence.note}` : ''}
        </p>
      )}
      {a.remixOf && <p class="meta">{remixLine(a.remixOf)}</p>}
    </>
  );
}
