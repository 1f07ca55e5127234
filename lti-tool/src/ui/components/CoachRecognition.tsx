import { useState } from 'preact/hooks';
import type { PersonRef, Recognition } from '@margins/shared';
import type { ApiError } from '../api.js';
import { formatDate } from '../labels.js';
import { recognitionClient } from '../recognition-api.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { PersonPicker } from './Mentoring.js';
import { Empty, ErrorState, Loading } from './States.js';

/** Props of {@link CoachRecognition}. */
export type CoachRecognitionProps = {
  focusHeading: boolean;
  /** Coaches award; district admins only revoke and set rules. */ canAward: boolean;
};

/**
 * The coach/admin Recognition tab (issue 7): award recognition with a written citation, see the
 * district's recognitions (newest first, never ranked) and revoke one with a reason, and switch the
 * district's recognition rules on or off.
 */
export function CoachRecognition({ focusHeading, canAward }: CoachRecognitionProps) {
  const list = useLoad(() => recognitionClient.district().then((r) => r.recognitions));
  const [notice, setNotice] = useState('');
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);
  return (
    <section aria-labelledby="cr-heading">
      <h2 id="cr-heading" ref={heading} tabIndex={-1}>
        {canAward ? 'Recognition' : 'District recognition'}
      </h2>
      <p>
        Recognition is issued as an Open Badge signed by your district. Rules award it automatically; you can also award
        it with a citation. Badges are public and permanent for the teacher, so a citation must not name students or
        include personal details.
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {canAward ? (
        <AwardForm
          onAwarded={(r) => {
            setNotice(`Awarded “${r.title}” to ${r.recipient.name}.`);
            list.reload();
          }}
        />
      ) : null}
      <h3 id="cr-list">Recognitions in your district</h3>
      {list.loading && !list.data ? <Loading label="Loading recognitions…" /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? <Empty title="No recognition has been issued in your district yet." /> : null}
      {list.data?.length ? (
        <ul class="rows" aria-labelledby="cr-list">
          {list.data.map((r) => (
            <RecognitionRow
              key={r.id}
              r={r}
              onRevoked={(updated) => {
                list.set(list.data!.map((x) => (x.id === updated.id ? updated : x)));
                setNotice(
                  `Revoked “${updated.title}” of ${updated.recipient.name}. Verification now reports it as revoked.`,
                );
              }}
            />
          ))}
        </ul>
      ) : null}
      <Rules onChanged={setNotice} />
    </section>
  );
}

function AwardForm({ onAwarded }: { onAwarded: (r: Recognition) => void }) {
  const [recipient, setRecipient] = useState<PersonRef | null>(null);
  const [title, setTitle] = useState('');
  const [citation, setCitation] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const issueOf = (field: string) =>
    error?.payload.issues?.find((i) => i.path === field || i.path === `award.${field}`)?.message;
  const titleIssue = issueOf('title');
  const citationIssue = issueOf('citation');
  return (
    <form
      class="inline-form"
      aria-labelledby="cr-award-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (!recipient || busy) return;
        setBusy(true);
        setError(null);
        recognitionClient.award({ recipientId: recipient.userId, title, citation }).then(
          (r) => {
            setBusy(false);
            setRecipient(null);
            setTitle('');
            setCitation('');
            onAwarded(r);
          },
          (err: ApiError) => {
            setBusy(false);
            setError(err);
            const first = err.payload.issues?.[0]?.path ?? '';
            document.getElementById(first.endsWith('title') ? 'cr-title' : 'cr-citation')?.focus();
          },
        );
      }}
    >
      <h3 id="cr-award-heading">Award recognition</h3>
      <PersonPicker id="cr-recipient" role="teacher to recognise" chosen={recipient} onChoose={setRecipient} />
      <div class="field">
        <label for="cr-title">Title of the recognition</label>
        <input
          id="cr-title"
          value={title}
          maxLength={100}
          required
          aria-invalid={titleIssue ? 'true' : undefined}
          aria-describedby={titleIssue ? 'cr-title-err' : undefined}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        {titleIssue ? (
          <p class="field-error" id="cr-title-err">
            {titleIssue}
          </p>
        ) : null}
      </div>
      <div class="field">
        <label for="cr-citation">Citation: what the teacher did (at least 20 characters)</label>
        <textarea
          id="cr-citation"
          rows={4}
          maxLength={2000}
          value={citation}
          required
          aria-invalid={citationIssue ? 'true' : undefined}
          aria-describedby={citationIssue ? 'cr-citation-err' : undefined}
          onInput={(e) => setCitation(e.currentTarget.value)}
        />
        {citationIssue ? (
          <p class="field-error" id="cr-citation-err">
            {citationIssue}
          </p>
        ) : null}
      </div>
      {error && !titleIssue && !citationIssue ? (
        <ErrorState error={error} />
      ) : error ? (
        <p class="field-error" role="alert">
          {error.payload.message}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled={!recipient || busy ? 'true' : undefined}>
          {recipient ? `Award to ${recipient.name}` : 'Choose a teacher to award recognition'}
        </button>
      </div>
    </form>
  );
}

function RecognitionRow({ r, onRevoked }: { r: Recognition; onRevoked: (r: Recognition) => void }) {
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const reasonId = `cr-reason-${r.id}`;
  return (
    <li class="row">
      <div class="row-main">
        <p class="row-title">
          {r.recipient.name}: {r.title} {r.status === 'revoked' ? <span class="badge revoked">Revoked</span> : null}
        </p>
        <p class="meta">
          {r.kind === 'coach' ? `Awarded by ${r.awardedBy?.name ?? 'a coach'}` : 'Earned by rule'} on{' '}
          {formatDate(r.earnedAt)}
        </p>
        {r.citation ? <blockquote class="citation">{r.citation}</blockquote> : null}
        {r.status === 'revoked' ? (
          <p class="meta">
            Revoked on {formatDate(r.revokedAt!)}: {r.revokedReason}
          </p>
        ) : null}
        {revoking ? (
          <form
            class="note-editor"
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              recognitionClient.revoke(r.id, reason).then(onRevoked, (err: ApiError) => {
                setError(err);
                document.getElementById(reasonId)?.focus();
              });
            }}
          >
            <label for={reasonId}>
              Why is it revoked?
              <span class="visually-hidden">
                {' '}
                (“{r.title}” of {r.recipient.name})
              </span>{' '}
              The teacher sees this reason.
            </label>
            <textarea
              id={reasonId}
              rows={2}
              maxLength={500}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
            {error ? <ErrorState error={error} /> : null}
            <div class="actions">
              <button type="submit" class="primary">
                Revoke
                <span class="visually-hidden">
                  {' '}
                  “{r.title}” of {r.recipient.name}
                </span>
              </button>
              <button type="button" onClick={() => setRevoking(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
      </div>
      {r.status === 'active' && !revoking ? (
        <div class="row-actions">
          <button
            type="button"
            onClick={() => {
              setRevoking(true);
              requestAnimationFrame(() => document.getElementById(reasonId)?.focus());
            }}
          >
            Revoke…
            <span class="visually-hidden">
              {' '}
              “{r.title}” of {r.recipient.name}
            </span>
          </button>
        </div>
      ) : null}
    </li>
  );
}

function Rules({ onChanged }: { onChanged: (message: string) => void }) {
  const rules = useLoad(() => recognitionClient.rules().then((r) => r.rules));
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div class="panel">
      <h3 id="cr-rules">Recognition rules</h3>
      <p>
        Rules issue recognition automatically from contributions. Turning a rule off stops new recognition from it; what
        was issued stays until you revoke it.
      </p>
      {rules.loading && !rules.data ? <Loading label="Loading rules…" /> : null}
      {rules.error ? <ErrorState error={rules.error} onRetry={rules.reload} /> : null}
      {error ? <ErrorState error={error} /> : null}
      {rules.data ? (
        <ul class="plain" aria-labelledby="cr-rules">
          {rules.data.map((rule) => (
            <li key={rule.id}>
              <label class="select">
                <input
                  type="checkbox"
                  checked={rule.enabled}
                  onChange={(e) => {
                    const enabled = e.currentTarget.checked;
                    setError(null);
                    recognitionClient.setRule(rule.id, enabled).then((updated) => {
                      rules.set(rules.data!.map((x) => (x.id === updated.id ? updated : x)));
                      onChanged(`${updated.name} is ${enabled ? 'on' : 'off'}.`);
                    }, setError);
                  }}
                />
                {rule.name}
              </label>
              <p class="meta">{rule.criteria}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
