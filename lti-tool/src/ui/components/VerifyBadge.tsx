import { Fragment } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { BADGE_PATHS, ErrorResponseSchema, recognitionApi, type VerificationAnswer } from '@margins/shared';
import { formatDateTime, t } from '../i18n/index.js';
import { formatDate } from '../labels.js';
import { EarnerCheck } from './EarnerCheck.js';

/** Credentials are a few kilobytes; the endpoint refuses more than this. */
const MAX_BYTES = 256 * 1024;

/**
 * The public badge verification page (issues 7 and 15): anyone pastes a Margins Open Badge or chooses
 * its file; the tool checks the signature, the issuer, the validity period and revocation and says why
 * when it fails. The page then tells the story as issued (achievement, criteria, evidence or citation,
 * dates, status) and lets the verifier check the earner's email against the credential's salted hash,
 * in the browser. Everything the credential says is shown as text, never as HTML.
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
        setFailure(err.success ? err.data.error.message : t('verify.failed'));
      } else {
        const parsed = recognitionApi.verify.response.safeParse(data);
        if (parsed.success) setAnswer(parsed.data);
        else setFailure(t('verify.unreadable'));
      }
    } catch {
      setFailure(t('verify.offline'));
    }
    setBusy(false);
    requestAnimationFrame(() => result.current?.focus());
  };

  return (
    <main class="page">
      <h1>{t('verify.title')}</h1>
      <p>{t('verify.lede')}</p>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          if (!text.trim()) {
            setFailure(t('verify.empty'));
            requestAnimationFrame(() => result.current?.focus());
            return;
          }
          void verify(text);
        }}
      >
        <div class="field">
          <label for="vb-file">{t('verify.file')}</label>
          <input
            id="vb-file"
            type="file"
            accept=".json,application/json,application/ld+json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              if (file.size > MAX_BYTES) {
                setFailure(t('verify.tooLarge'));
                return;
              }
              void file.text().then((content) => {
                setText(content);
                void verify(content);
              });
            }}
          />
        </div>
        <div class="field">
          <label for="vb-text">{t('verify.paste')}</label>
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
            {busy ? t('verify.checking') : t('verify.submit')}
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

/** A date the credential states, or "Not stated" when it is absent or not a date. */
function stated(date: string | null): string {
  return date && !Number.isNaN(Date.parse(date)) ? formatDate(date) : t('verify.notStated');
}

function Verdict({ answer }: { answer: VerificationAnswer }) {
  const s = answer.summary;
  const status = answer.valid
    ? t('verify.status.active')
    : answer.status === 'revoked'
      ? t('verify.status.revoked')
      : t('verify.status.invalid');
  return (
    <section class={`verdict ${answer.valid ? 'valid' : 'invalid'}`} aria-labelledby="vb-verdict">
      <h2 id="vb-verdict">
        {answer.valid ? t('verify.valid') : answer.status === 'revoked' ? t('verify.revoked') : t('verify.invalid')}
      </h2>
      {!answer.valid && answer.status !== 'revoked' ? <p class="meta">{t('verify.untrusted')}</p> : null}
      <dl>
        <dt>{t('verify.achievement')}</dt>
        <dd>{s.achievement ?? t('verify.notStated')}</dd>
        {s.description ? (
          <>
            <dt>{t('verify.description')}</dt>
            <dd>{s.description}</dd>
          </>
        ) : null}
        {s.criteria ? (
          <>
            <dt>{t('verify.criteria')}</dt>
            <dd class="prose">{s.criteria}</dd>
          </>
        ) : null}
        {s.evidence.map((e, i) => (
          <Fragment key={i}>
            <dt>{e.name ?? t('verify.evidence')}</dt>
            <dd class="prose">{e.narrative}</dd>
          </Fragment>
        ))}
        <dt>{t('verify.issuedBy')}</dt>
        <dd>
          {s.issuer ?? t('verify.notStated')}
          {answer.issuerId ? ` (${answer.issuerId})` : ''}
        </dd>
        <dt>{t('verify.awarded')}</dt>
        <dd>{stated(s.awardedDate)}</dd>
        <dt>{t('verify.validFrom')}</dt>
        <dd>
          {stated(s.validFrom)}
          {s.validUntil ? ` ${t('verify.until', { date: stated(s.validUntil) })}` : ` ${t('verify.noEnd')}`}
        </dd>
        <dt>{t('verify.statusLabel')}</dt>
        <dd>{status}</dd>
        <dt>{t('verify.checked')}</dt>
        <dd>{formatDateTime(answer.checkedAt)}</dd>
      </dl>
      {!answer.valid ? (
        <>
          <h3>{t('verify.why')}</h3>
          <ul class="plain">
            {answer.problems.map((p, i) => (
              <li key={`${p.code}-${i}`}>{p.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      {answer.valid ? <EarnerCheck identities={s.recipient} /> : null}
    </section>
  );
}
