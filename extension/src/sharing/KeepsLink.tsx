import { i18n } from '#i18n';
import { uiLocale } from '../i18n/labels.js';
import type { SyncStatus } from '../protocol/views.js';

/** Props of {@link KeepsLink}. */
export type KeepsLinkProps = { status: SyncStatus | null };

/**
 * The link to the district's "What Margins keeps about you" page (issue 16), served by the tool this
 * browser is connected to, with the district's own retention periods, in the browser's language.
 * Nothing is shown before a connection: the page lives at the district's Margins.
 */
export function KeepsLink({ status }: KeepsLinkProps) {
  const c = status?.connection;
  if (!c || c.state === 'none') return null;
  const q = new URLSearchParams({ ...(c.state === 'connected' ? { district: c.districtId } : {}), lang: uiLocale() });
  return (
    <p class="muted keeps-link">
      <a href={`${c.toolUrl}/what-margins-keeps?${q.toString()}`} target="_blank" rel="noopener">
        {i18n.t('privacy.whatWeKeep')}
      </a>
    </p>
  );
}
