import { i18n } from '#i18n';
import type { Draft } from '../../protocol/views.js';

/** Props of {@link DraftBanner}. */
export interface DraftBannerProps {
  drafts: readonly Draft[];
  onResume: (draft: Draft) => void;
  onDiscard: (draft: Draft) => void;
}

/** Tells the teacher an unsaved adaptation was left on this page (closed tab, crash) and offers to resume it. */
export function DraftBanner({ drafts, onResume, onDiscard }: DraftBannerProps) {
  const newest = drafts[0];
  if (!newest) return null;
  return (
    <section class="fixed banner" aria-label={i18n.t('draft.banner', drafts.length)}>
      <p>{i18n.t('draft.banner', drafts.length)}</p>
      {newest.fields.body && (
        <p class="hint">
          “{newest.fields.body.slice(0, 120)}
          {newest.fields.body.length > 120 ? '…' : ''}”
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary" onClick={() => onResume(newest)}>
          {i18n.t('draft.resume')}
        </button>
        <button type="button" onClick={() => onDiscard(newest)}>
          {i18n.t('draft.discard')}
        </button>
      </div>
    </section>
  );
}
