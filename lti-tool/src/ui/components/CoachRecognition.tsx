import { useState } from 'preact/hooks';
import type { Recognition, RecognitionRuleSetting } from '@margins/shared';
import { type ApiError, recognitionClient } from '../api.js';
import { formatDate, ruleCriteria, ruleName } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { AwardForm } from './AwardForm.js';
import { Empty, ErrorState, Loading } from './States.js';
import { useUnsavedChanges } from '../unsaved.js';
import { t } from '../i18n/index.js';

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
        {canAward ? t('nav.awards') : t('cr.district')}
      </h2>
      <p class="lede">{t('cr.lede')}</p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {canAward ? (
        <AwardForm
          onAwarded={(r) => {
            setNotice(t('cr.awarded', { title: r.title, name: r.recipient.name }));
            list.reload();
          }}
        />
      ) : null}
      <h3 id="cr-list">{t('cr.list')}</h3>
      {list.loading && !list.data ? <Loading label={t('cr.loading')} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? <Empty title={t('cr.none')} /> : null}
      {list.data?.length ? (
        <ul class="rows" aria-labelledby="cr-list">
          {list.data.map((r) => (
            <RecognitionRow
              key={r.id}
              r={r}
              onRevoked={(updated) => {
                list.set(list.data!.map((x) => (x.id === updated.id ? updated : x)));
                setNotice(t('cr.revokedNotice', { title: updated.title, name: updated.recipient.name }));
              }}
            />
          ))}
        </ul>
      ) : null}
      <Rules onChanged={setNotice} />
    </section>
  );
}

function RecognitionRow({ r, onRevoked }: { r: Recognition; onRevoked: (r: Recognition) => void }) {
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useUnsavedChanges(revoking && reason.trim() !== '', t('unsaved.revokeReason'));
  const reasonId = `cr-reason-${r.id}`;
  return (
    <li class="row">
      <div class="row-main">
        <p class="row-title">
          {r.recipient.name}: {r.title}{' '}
          {r.status === 'revoked' ? <span class="badge revoked">{t('cr.revoked')}</span> : null}
        </p>
        <p class="meta">
          {r.kind === 'coach'
            ? t('cr.awardedBy', { name: r.awardedBy?.name ?? t('cr.aCoach'), date: formatDate(r.earnedAt) })
            : t('cr.byRule', { date: formatDate(r.earnedAt) })}
        </p>
        {r.citation ? <blockquote class="citation">{r.citation}</blockquote> : null}
        {r.status === 'revoked' ? (
          <p class="meta">{t('cr.revokedOn', { date: formatDate(r.revokedAt!), reason: r.revokedReason ?? '' })}</p>
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
              {t('cr.why')}
              <span class="visually-hidden"> ({t('cr.of', { title: r.title, name: r.recipient.name })})</span>{' '}
              {t('cr.whyHint')}
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
                {t('cr.revoke')}
                <span class="visually-hidden"> {t('cr.of', { title: r.title, name: r.recipient.name })}</span>
              </button>
              <button type="button" onClick={() => setRevoking(false)}>
                {t('fa.cancel')}
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
            {t('cr.revokeOpen')}
            <span class="visually-hidden"> {t('cr.of', { title: r.title, name: r.recipient.name })}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}

function Rules({ onChanged }: { onChanged: (message: string) => void }) {
  const rules = useLoad(() => recognitionClient.rules().then((r) => r.rules));
  const [error, setError] = useState<ApiError | null>(null);
  /** The rule whose public text is shown before it is turned on (issue 16). */
  const [confirming, setConfirming] = useState<string | null>(null);
  const set = (rule: RecognitionRuleSetting, enabled: boolean) => {
    setError(null);
    recognitionClient.setRule(rule.id, enabled, enabled ? rule.publicText.confirmation : undefined).then((updated) => {
      setConfirming(null);
      rules.set(rules.data!.map((x) => (x.id === updated.id ? updated : x)));
      onChanged(t(enabled ? 'cr.ruleOn' : 'cr.ruleOff', { name: ruleName(updated) }));
    }, setError);
  };
  return (
    <div class="panel">
      <h3 id="cr-rules">{t('cr.rules')}</h3>
      <p>{t('cr.rulesLede')}</p>
      {rules.loading && !rules.data ? <Loading label={t('cr.rulesLoading')} /> : null}
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
                    if (enabled) {
                      e.currentTarget.checked = false; // on only once the public text is confirmed
                      setConfirming(rule.id);
                      requestAnimationFrame(() => document.getElementById(`cr-rule-${rule.id}`)?.focus());
                    } else set(rule, false);
                  }}
                />
                {ruleName(rule)}
              </label>
              <p class="meta">{ruleCriteria(rule)}</p>
              {confirming === rule.id ? (
                <section class="award-preview" aria-labelledby={`cr-rule-${rule.id}`}>
                  <h4 id={`cr-rule-${rule.id}`} tabIndex={-1}>
                    {t('award.previewHeading')}
                  </h4>
                  <p>{t('rules.previewIntro')}</p>
                  <dl>
                    <dt>{t('award.previewName')}</dt>
                    <dd>{rule.publicText.name}</dd>
                    <dt>{t('award.previewIssuer')}</dt>
                    <dd>{rule.publicText.issuerName}</dd>
                    <dt>{t('award.previewDescription')}</dt>
                    <dd>{rule.publicText.description}</dd>
                    <dt>{t('award.previewCriteria')}</dt>
                    <dd>{rule.publicText.criteria}</dd>
                    <dt>{t('rules.previewEvidence')}</dt>
                    <dd>{rule.publicText.evidenceExample}</dd>
                  </dl>
                  <div class="actions">
                    <button type="button" class="primary" onClick={() => set(rule, true)}>
                      {t('rules.turnOn', { name: ruleName(rule) })}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t('rules.cancel')}
                    </button>
                  </div>
                </section>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
