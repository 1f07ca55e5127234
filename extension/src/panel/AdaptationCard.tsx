import { i18n } from '#i18n';
import type { ComponentChildren } from 'preact';
import { gradeLabel, kindLabel, learnerLabel, outcomeLabel, subjectLabel } from '../i18n/labels.js';
import type { ColleagueAdaptation, PageAdaptation } from '../protocol/views.js';
import { authorLine, remixLine, socialLine } from '../i18n/social.js';

/** Props of {@link AdaptationCard}. */
export interface AdaptationCardProps {
  adaptation: PageAdaptation;
  /** Shown above the quote (e.g. the page title in the list of all adaptations). */
  heading?: ComponentChildren;
  /** Buttons for this adaptation. */
  children?: ComponentChildren;
}

/** One adaptation in the panel: its passage, kinds, text, rationale, audience and evidence, all rendered as text. */
export function AdaptationCard({ adaptation: a, heading, children }: AdaptationCardProps) {
  const audience = [
    ...a.audience.learnerNeeds.map(learnerLabel),
    ...a.audience.gradeBands.map(gradeLabel),
    ...a.audience.subjects.map(subjectLabel),
  ];
  return (
    <article class="card" aria-label={a.kinds.map(kindLabel).join(', ')}>
      {heading}
      <blockquote>
        {a.target.quote.exact.length > 240 ? `${a.target.quote.exact.slice(0, 240)}…` : a.target.quote.exact}
      </blockquote>
      <ul class="chips" aria-label={i18n.t('note.kinds')}>
        {a.kinds.map((k) => (
          <li key={k}>{kindLabel(k)}</li>
        ))}
      </ul>
      <p class="body">{a.body}</p>
      {a.rationale && (
        <p>
          <strong>{i18n.t('note.rationale')}: </strong>
          {a.rationale}
        </p>
      )}
      {audience.length > 0 && <p class="muted">{audience.join(' · ')}</p>}
      {a.evidence && (
        <p>
          <strong>{i18n.t('note.evidence')}: </strong>
          {outcomeLabel(a.evidence.outcome)}
          {a.evidence.note ? ` — ${a.evidence.note}` : ''}
        </p>
      )}
      {a.remixOf && <p class="muted">{remixLine(a.remixOf)}</p>}
      {a.sync && <p class={a.sync === 'pending' ? 'muted' : 'reason'}>{i18n.t(`note.${a.sync}`)}</p>}
      {a.social && a.social.endorsementCount > 0 && <p class="muted">{socialLine(a.social)}</p>}
      {children && <div class="row">{children}</div>}
    </article>
  );
}

/** Props of {@link ColleagueCard}. */
export interface ColleagueCardProps {
  adaptation: ColleagueAdaptation;
  children?: ComponentChildren;
}

/** A colleague's adaptation in the panel: who wrote it (as the district allows), what it says, and who tried it. */
export function ColleagueCard({ adaptation: a, children }: ColleagueCardProps) {
  return (
    <article class="card colleague" aria-label={`${authorLine(a)}: ${a.kinds.map(kindLabel).join(', ')}`}>
      <p class="author">{authorLine(a)}</p>
      <blockquote>
        {a.target.quote.exact.length > 240 ? `${a.target.quote.exact.slice(0, 240)}…` : a.target.quote.exact}
      </blockquote>
      <ul class="chips" aria-label={i18n.t('note.kinds')}>
        {a.kinds.map((k) => (
          <li key={k}>{kindLabel(k)}</li>
        ))}
      </ul>
      <p class="body">{a.body}</p>
      {a.rationale && (
        <p>
          <strong>{i18n.t('note.rationale')}: </strong>
          {a.rationale}
        </p>
      )}
      {a.remixOf && <p class="muted">{remixLine(a.remixOf)}</p>}
      <p class="muted">{socialLine(a)}</p>
      {children && <div class="row">{children}</div>}
    </article>
  );
}
