import { useRef, useState } from 'preact/hooks';
import { BADGE_PATHS, ErrorResponseSchema, recognitionApi, type VerificationAnswer } from '@margins/shared';
import { formatDate } from '../labels.js';

/** Credentials are a few kilobytes; the endpoint refuses more than this. */
const MAX_BYTES = 256 * 1024;

/**
 * The public badge verification page (issue 7): anyone pastes a Margins Open Badge or chooses its
 * file; the tool checks the signature, the issuer, the validity period and revocation and says
 * why when it fails. Everything the credential says is shown as text, never as HTML.
 */
export function VerifyBadge() {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<VerificationAnswer | null>(null);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const result = useRef<HTMLDivElement>(null);

  const verify = async (body: string) => {
    setBusy(true);
    setFailure('');
    setAnswer(null);
    try {
      const res = await fetch(BADGE_PATHS.verify, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        credentials: 'omit',
        cache: 'no-store',
      });
      const data: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const err = ErrorResponseSchema.safeParse(data);
        setFailure(err.success ? err.data.error.message : 'The check could not be done. Please try again.');
      } else {
        const parsed = recognitionApi.verify.response.safeParse(data);
        if (parsed.success) setAnswer(parsed.data);
        else setFailure('The server answered in a way this page does not understand. Reload the page.');
      }
    } catch {
      setFailure('The verification service could not be reached. Check your connection and try again.');
    }
    setBusy(false);
    requestAnimationFrame(() => result.current?.focus());
  };

  return (
    <main class="page">
      <h1>Verify a Margins badge</h1>
      <p>
        Paste an Open Badge (the JSON file a teacher downloaded from Margins) or choose its file. The check confirms who
        issued it, that nothing in it was changed, and that the district has not revoked it. Nothing is stored.
      </p>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          if (!text.trim()) {
            setFailure('Paste the badge, or choose its file, first.');
            requestAnimationFrame(() => result.current?.focus());
            return;
          }
          void verify(text);
        }}
      >
        <div class="field">
          <label for="vb-file">Badge file (.json)</label>
          <input
            id="vb-file"
            type="file"
            accept=".json,application/json,application/ld+json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              if (file.size > MAX_BYTES) {
                setFailure('That file is too large to be a badge.');
                return;
              }
              void file.text().then((t) => {
                setText(t);
                void verify(t);
              });
            }}
          />
        </div>
        <div class="field">
          <label for="vb-text">Or paste the badge</label>
          <textarea
            id="vb-text"
            rows={8}
            value={text}
            maxLength={MAX_BYTES}
            spellcheck={false}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? 'Checking…' : 'Verify'}
          </button>
        </div>
      </form>
      <div ref={result} tabIndex={-1} aria-live="polite">
        {failure ? (
          <p class="state error" role="alert">
            {failure}
          </p>
        ) : null}
        {answer ? <Verdict answer={answer} /> : null}
      </div>
    </main>
  );
}

function Verdict({ answer }: { answer: VerificationAnswer }) {
  const s = answer.summary;
  return (
    <section class={`verdict ${answer.valid ? 'valid' : 'invalid'}`} aria-labelledby="vb-verdict">
      <h2 id="vb-verdict">
        {answer.valid
          ? 'Valid: this badge is genuine and has not been revoked.'
          : answer.status === 'revoked'
            ? 'Not valid: the issuer has revoked this badge.'
            : 'Not valid.'}
      </h2>
      <dl>
        <dt>Achievement</dt>
        <dd>{s.achievement ?? 'Not stated'}</dd>
        <dt>Issued by</dt>
        <dd>
          {s.issuer ?? 'Not stated'}
          {answer.issuerId ? ` (${answer.issuerId})` : ''}
        </dd>
        <dt>Awarded</dt>
        <dd>{s.awardedDate && !Number.isNaN(Date.parse(s.awardedDate)) ? formatDate(s.awardedDate) : 'Not stated'}</dd>
        {s.description ? (
          <>
            <dt>Description</dt>
            <dd>{s.description}</dd>
          </>
        ) : null}
        <dt>Checked</dt>
        <dd>{new Date(answer.checkedAt).toLocaleString()}</dd>
      </dl>
      {!answer.valid ? (
        <>
          <h3>Why</h3>
          <ul class="plain">
            {answer.problems.map((p, i) => (
              <li key={`${p.code}-${i}`}>{p.message}</li>
            ))}
          </ul>
          {!answer.valid && answer.status !== 'revoked' ? (
            <p class="meta">What the badge says about itself above cannot be trusted.</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
