import { useState } from 'preact/hooks';
import { emailMatches, type Identity } from '../earner-identity.js';
import { t } from '../i18n/index.js';

/**
 * "Whose badge is it?": the credential names its earner only by a salted hash of their email, so a
 * verifier who was given an email can check it here. The check runs in this browser; the email is
 * never sent anywhere.
 */
export function EarnerCheck({ identities }: { identities: readonly Identity[] }) {
  const [email, setEmail] = useState('');
  const [verdict, setVerdict] = useState<{ email: string; matches: boolean } | null>(null);
  if (!identities.some((i) => i.identityType === 'emailAddress'))
    return <p class="meta">{t('verify.earner.noEmail')}</p>;
  return (
    <form
      class="inline-form"
      aria-labelledby="vb-earner-heading"
      onSubmit={(e) => {
        e.preventDefault();
        const typed = email.trim();
        if (!typed) return;
        void emailMatches(identities, typed).then((matches) => setVerdict({ email: typed, matches }));
      }}
    >
      <h3 id="vb-earner-heading">{t('verify.earner.title')}</h3>
      <p class="meta" id="vb-earner-help">
        {t('verify.earner.help')}
      </p>
      <div class="field">
        <label for="vb-email">{t('verify.earner.email')}</label>
        <input
          id="vb-email"
          type="email"
          autocomplete="off"
          maxLength={320}
          aria-describedby="vb-earner-help"
          value={email}
          onInput={(e) => {
            setEmail(e.currentTarget.value);
            setVerdict(null);
          }}
        />
      </div>
      <div class="actions">
        <button type="submit">{t('verify.earner.check')}</button>
      </div>
      <p role="status" aria-live="polite" class={verdict ? (verdict.matches ? 'ok' : 'warn') : undefined}>
        {verdict
          ? verdict.matches
            ? t('verify.earner.match', { email: verdict.email })
            : t('verify.earner.noMatch', { email: verdict.email })
          : ''}
      </p>
    </form>
  );
}
