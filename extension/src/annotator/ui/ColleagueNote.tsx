import { i18n } from '#i18n';
import { useRef, useState } from 'preact/hooks';
import { endorsementLabel, feedbackTypeLabel, kindLabel } from '../../i18n/labels.js';
import { authorLine, socialLine } from '../../i18n/social.js';
import type { Result } from '../../protocol/result.js';
import type { ColleagueAdaptation, ColleagueDetail } from '../../protocol/views.js';
import type { MarkerPosition } from '../state.js';
import { CloseNoteButton, MarkerAnchor } from './MarkerAnchor.js';
import { AdaptationText } from './AdaptationText.js';

/** Props of {@link ColleagueNote}. */
export interface ColleagueNoteProps {
  position: MarkerPosition;
  adaptation: ColleagueAdaptation;
  open: boolean;
  /** Opened by a click or the keyboard (not only hovered). */
  pinned: boolean;
  onOpen: (pinned: boolean) => void;
  onClose: () => void;
  onHover: (inside: boolean) => void;
  onTried: () => void;
  onFeedback: () => void;
  onRemix: () => void;
  loadDetail: () => Promise<Result<ColleagueDetail>>;
}

/**
 * A colleague's adaptation on the page: its marker (a different shape and colour from mine) and
 * the note it opens: who wrote it (as the district allows), kinds, the adaptation, rationale,
 * evidence, who tried it and how, and the feedback on request; "I tried this", feedback and remix.
 * Everything is rendered as text.
 */
export function ColleagueNote({
  position,
  adaptation: a,
  open,
  pinned,
  onOpen,
  onClose,
  onHover,
  onTried,
  onFeedback,
  onRemix,
  loadDetail,
}: ColleagueNoteProps) {
  const marker = useRef<HTMLButtonElement>(null);
  const region = useRef<HTMLDivElement>(null);
  const [detail, setDetail] = useState<ColleagueDetail | 'loading' | { error: string } | null>(null);
  const kinds = a.kinds.map(kindLabel);
  const noteId = `mg-cnote-${a.id}`;
  const label = `${i18n.t('colleague.marker', [kinds.join(', ')])} (${authorLine(a)})`;
  const showDetail = async () => {
    // The button goes away: keep focus in the note (else it would close as focus left it).
    region.current?.focus();
    setDetail('loading');
    const result = await loadDetail();
    setDetail(
      result.ok
        ? result.value
        : {
            error:
              result.error.code === 'offline' || result.error.code === 'unavailable'
                ? i18n.t('colleague.offline')
                : result.error.message,
          },
    );
  };
  return (
    <MarkerAnchor
      position={position}
      nudge={2}
      open={open}
      pinned={pinned}
      onOpen={onOpen}
      onClose={() => onClose()}
      onHover={onHover}
      markerRef={marker}
      markerClass="marker colleague"
      label={label}
      noteId={noteId}
      markerData={{ 'data-margins-id': a.id }}
      symbol="✦"
    >
      <div class="note colleague" id={noteId} role="region" aria-label={label} tabIndex={-1} ref={region}>
        <p class="meta author">{authorLine(a)}</p>
        <AdaptationText adaptation={a} kinds={kinds} />
        <p class="meta social">
          {socialLine(a)}
          {a.feedbackCount ? ` · ${i18n.t('colleague.feedbackCount', a.feedbackCount)}` : ''}
        </p>
        {a.myEndorsement && (
          <p class="meta">{i18n.t('colleague.youTried', [endorsementLabel(a.myEndorsement.outcome)])}</p>
        )}
        {(a.endorsementCount > 0 || a.feedbackCount > 0) && detail === null && (
          <button type="button" class="link" onClick={() => void showDetail()}>
            {i18n.t('colleague.showFeedback')}
          </button>
        )}
        {detail === 'loading' && (
          <p class="meta" role="status">
            {i18n.t('colleague.loading')}
          </p>
        )}
        {detail && detail !== 'loading' && 'error' in detail && (
          <p class="meta" role="status">
            {detail.error}
          </p>
        )}
        {detail && detail !== 'loading' && !('error' in detail) && (
          <ul class="responses">
            {detail.endorsements.map((e, i) => (
              <li key={`e${i}`}>
                <span class="label">{endorsementLabel(e.outcome)}</span>
                {e.by ? ` (${e.by})` : ''}
                {e.note ? `: ${e.note}` : ''}
              </li>
            ))}
            {detail.feedback.map((f, i) => (
              <li key={`f${i}`}>
                <span class="label">{feedbackTypeLabel(f.type)}</span>
                {f.by ? ` (${f.by})` : ''}: {f.removed ? <em>{i18n.t('colleague.feedbackRemoved')}</em> : f.text}
              </li>
            ))}
          </ul>
        )}
        <div class="actions">
          <button type="button" class="primary" onClick={onTried}>
            {a.myEndorsement ? i18n.t('colleague.editTried') : i18n.t('colleague.triedThis')}
          </button>
          <button type="button" onClick={onFeedback}>
            {i18n.t('colleague.giveFeedback')}
          </button>
          <button type="button" onClick={onRemix}>
            {i18n.t('colleague.remix')}
          </button>
          <CloseNoteButton onClose={onClose} markerRef={marker} />
        </div>
      </div>
    </MarkerAnchor>
  );
}
