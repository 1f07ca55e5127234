import { i18n } from '#i18n';
import type { SyncStatus } from '../protocol/views.js';

/** Props of {@link SyncBadge}. */
export interface SyncBadgeProps {
  status: SyncStatus | null;
  /** Shown as a button after the line when there is something to act on (connect, review conflicts). */
  onAct?: () => void;
}

/** The one-line sharing status: synced / N waiting / offline / a problem with its reason; conflicts to review. */
export function SyncBadge({ status, onAct }: SyncBadgeProps) {
  if (!status) return null;
  const line = statusLine(status);
  const extra = [
    status.conflicts ? i18n.t('sync.conflicts', status.conflicts) : '',
    status.problems ? i18n.t('sync.problems', status.problems) : '',
  ].filter(Boolean);
  const act =
    status.state === 'not-connected' || status.state === 'disconnected'
      ? i18n.t('connect.open')
      : extra.length
        ? i18n.t('sync.review')
        : '';
  return (
    <div class={`sync-badge sync-${status.state}`} role="status" aria-live="polite" aria-label={i18n.t('sync.label')}>
      <span class="dot" aria-hidden="true" />
      <span>
        {line}
        {extra.length ? ` · ${extra.join(' · ')}` : ''}
      </span>
      {act && onAct && (
        <button type="button" class="link" onClick={onAct}>
          {act}
        </button>
      )}
    </div>
  );
}

/** The status in words. */
export function statusLine(s: SyncStatus): string {
  switch (s.state) {
    case 'not-connected':
      return i18n.t('sync.notConnected');
    case 'disconnected':
      return i18n.t('sync.disconnected', [s.connection.state === 'disconnected' ? s.connection.district : '']);
    case 'syncing':
      return i18n.t('sync.syncing');
    case 'pending':
      return i18n.t('sync.pending', s.pending);
    case 'offline':
      return s.pending ? i18n.t('sync.offlinePending', s.pending) : i18n.t('sync.offline');
    case 'error':
      return i18n.t('sync.error', [s.error?.message ?? '']);
    case 'synced':
      return s.lastSyncedAt
        ? i18n.t('sync.syncedAt', [
            new Date(s.lastSyncedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
          ])
        : i18n.t('sync.synced');
  }
}
