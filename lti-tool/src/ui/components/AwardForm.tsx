import { useState } from 'preact/hooks';
import type { AwardPreview, PersonRef, Recognition } from '@margins/shared';
import { type ApiError, recognitionClient } from '../api.js';
import { t } from '../i18n/index.js';
import { useUnsavedChanges } from '../unsaved.js';
import { PersonPicker } from './Mentoring.js';
import { ErrorState } from './States.js';

/** A passage the tool refused, by position: "Characters 8–18 …" in the issue's message. */
function marksOf(error: ApiError | null, field: string): { start: number; end: number }[] {
  return (error?.payload.issues ?? [])
    .filter((i) => i.path === `privacy.${field}`)
    .map((i) => /^Characters (\d+)–(\d+) /.exec(i.message))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ start: Number(m[1]) - 1, end: Number(m[2]) }));
}

/** `text` with the refused passages in <mark>, every part rendered as text. */
export function Marked({ text, marks }: { text: string; marks: { start: number; end: number }[] }) {
  const parts: preact.ComponentChild[] = [];
  let at = 0;
  for (const m of [...marks].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    parts.push(text.slice(at, m.start), <mark key={m.start}>{text.slice(m.start, m.end)}</mark>);
    at = m.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/**
 * The coach's award, in two steps (issue 16): the form asks the tool for the exact public text of
 * the credential (checked against the learners of the coach's courses: a student's name is refused
 * with its words marked); the coach reads it and only then signs. Changing a field drops the preview.
 */
export function AwardForm({ onAwarded }: { onAwarded: (r: Recognition) => void }) {
  const [recipient, setRecipient] = useState<PersonRef | null>(null);
  const [title, setTitle] = useState('');
  const [citation, setCitation] = useState('');
  const [preview, setPreview] = useState<AwardPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useUnsavedChanges(title.trim() !== '' || citation.trim() !== '', t('unsaved.award'));
  const issueOf = (field: string) =>
    error?.payload.issues?.find((i) => i.path === field || i.path === `award.${field}` || i.path === `privacy.${field}`)
      ?.message;
  const titleIssue = issueOf('title');
  const citationIssue = issueOf('citation');
  const marked = { title: marksOf(error, 'title'), citation: marksOf(error, 'citation') };
  const edit = (set: (v: string) => void) => (e: { currentTarget: { value: string } }) => {
    set(e.currentTarget.value);
    setPreview(null);
  };
  const input = () => ({ recipientId: recipient!.userId, title, citation });
  const failed = (err: ApiError) => {
    setBusy(false);
    setError(err);
    const first = err.payload.issues?.[0]?.path ?? '';
    document.getElementById(first.endsWith('title') ? 'cr-title' : 'cr-citation')?.focus();
  };
  const sign = () => {
    if (!preview || busy) return;
    setBusy(true);
    setError(null);
    recognitionClient.award({ ...input(), confirmedPreview: preview.confirmation }).then((r) => {
      setBusy(false);
      setRecipient(null);
      setTitle('');
      setCitation('');
      setPreview(null);
      onAwarded(r);
    }, failed);
  };
  return (
    <form
      class="inline-form"
      aria-labelledby="cr-award-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (!recipient || busy) return;
        setBusy(true);
        setError(null);
        recognitionClient.awardPreview(input()).then((p) => {
          setBusy(false);
          setPreview(p);
          requestAnimationFrame(() => document.getElementById('cr-preview-heading')?.focus());
        }, failed);
      }}
    >
      <h3 id="cr-award-heading">{t('award.heading')}</h3>
      <PersonPicker id="cr-recipient" role="recipient" chosen={recipient} onChoose={setRecipient} />
      <div class="field">
        <label for="cr-title">{t('award.title')}</label>
        <input
          id="cr-title"
          value={title}
          maxLength={100}
          required
          aria-invalid={titleIssue ? 'true' : undefined}
          aria-describedby={titleIssue ? 'cr-title-err' : undefined}
          onInput={edit(setTitle)}
        />
        {titleIssue ? (
          <p class="field-error" id="cr-title-err">
            {titleIssue}
          </p>
        ) : null}
      </div>
      <div class="field">
        <label for="cr-citation">{t('award.citation')}</label>
        <textarea
          id="cr-citation"
          rows={4}
          maxLength={2000}
          value={citation}
          required
          aria-invalid={citationIssue ? 'true' : undefined}
          aria-describedby={citationIssue ? 'cr-citation-err' : undefined}
          onInput={edit(setCitation)}
        />
        {citationIssue ? (
          <p class="field-error" id="cr-citation-err">
            {citationIssue}
          </p>
        ) : null}
      </div>
      {marked.title.length || marked.citation.length ? (
        <div class="privacy-marks" role="alert">
          <p>{t('award.privacyIntro')}</p>
          {marked.title.length ? (
            <p class="quoted">
              <Marked text={title} marks={marked.title} />
            </p>
          ) : null}
          {marked.citation.length ? (
            <p class="quoted">
              <Marked text={citation} marks={marked.citation} />
            </p>
          ) : null}
        </div>
      ) : error && !titleIssue && !citationIssue ? (
        <ErrorState error={error} />
      ) : error ? (
        <p class="field-error" role="alert">
          {error.payload.message}
        </p>
      ) : null}
      {preview ? (
        <section class="award-preview" aria-labelledby="cr-preview-heading">
          <h4 id="cr-preview-heading" tabIndex={-1}>
            {t('award.previewHeading')}
          </h4>
          <p>{t('award.previewIntro')}</p>
          <dl>
            <dt>{t('award.previewName')}</dt>
            <dd>{preview.name}</dd>
            <dt>{t('award.previewIssuer')}</dt>
            <dd>{preview.issuerName}</dd>
            <dt>{t('award.previewDescription')}</dt>
            <dd>{preview.description}</dd>
            <dt>{t('award.previewCriteria')}</dt>
            <dd>{preview.criteria}</dd>
            <dt>{t('award.previewCitation')}</dt>
            <dd class="citation">{preview.citation}</dd>
            <dt>{t('award.previewWall')}</dt>
            <dd>{t('award.previewWallLine', { name: preview.recipientName, title: preview.name })}</dd>
          </dl>
          <div class="actions">
            <button type="button" class="primary" aria-disabled={busy ? 'true' : undefined} onClick={sign}>
              {t('award.sign', { name: preview.recipientName })}
            </button>
            <button
              type="button"
              onClick={() => {
                setPreview(null);
                document.getElementById('cr-citation')?.focus();
              }}
            >
              {t('award.edit')}
            </button>
          </div>
        </section>
      ) : (
        <div class="actions">
          <button type="submit" class="primary" aria-disabled={!recipient || busy ? 'true' : undefined}>
            {recipient ? t('award.preview', { name: recipient.name }) : t('award.choose')}
          </button>
        </div>
      )}
    </form>
  );
}
