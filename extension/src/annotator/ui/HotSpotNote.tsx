import { i18n } from '#i18n';
import { useRef } from 'preact/hooks';
import { hotSpotLine } from '../../i18n/hot-spots.js';
import type { HotSpotView } from '../../protocol/views.js';
import type { MarkerPosition } from '../state.js';
import { CloseNoteButton, MarkerAnchor } from './MarkerAnchor.js';

/** Props of {@link HotSpotNote}. */
export interface HotSpotNoteProps {
  position: MarkerPosition;
  hotSpot: HotSpotView;
  /** How many of the passage's adaptations are shared with me (drawn on this page). */
  sharedWithMe: number;
  open: boolean;
  /** Opened by a click or the keyboard (not only hovered). */
  pinned: boolean;
  onOpen: (pinned: boolean) => void;
  onClose: () => void;
  onHover: (inside: boolean) => void;
  /** Opens the colleagues' adaptations of the passage in the side panel. */
  onShow: () => void;
}

/**
 * A district hot spot on the page (issue 20): a small marker before a passage that 5 or more
 * teachers of the district adapted, and the note it opens: how many teachers and schools, the kind
 * most used, why it is shown, and a way to the colleagues' adaptations in the side panel. The text
 * comes from counts and the extension's own words; nothing of the page or of other teachers is
 * rendered but numbers.
 */
export function HotSpotNote({
  position,
  hotSpot: h,
  sharedWithMe,
  open,
  pinned,
  onOpen,
  onClose,
  onHover,
  onShow,
}: HotSpotNoteProps) {
  const marker = useRef<HTMLButtonElement>(null);
  const noteId = `mg-hnote-${h.id}`;
  const label = hotSpotLine(h);
  return (
    <MarkerAnchor
      position={position}
      open={open}
      pinned={pinned}
      onOpen={onOpen}
      onClose={() => onClose()}
      onHover={onHover}
      markerRef={marker}
      markerClass="marker hotspot"
      label={label}
      noteId={noteId}
      markerData={{ 'data-margins-hotspot': h.id }}
      symbol={h.teachers}
    >
      <div class="note hotspot" id={noteId} role="region" aria-label={label}>
        <p class="headline">{label}</p>
        {h.mine && <p class="meta">{i18n.t('hotSpot.mine')}</p>}
        <p class="meta">{i18n.t('hotSpot.shared', sharedWithMe)}</p>
        <p class="meta">{i18n.t('hotSpot.why')}</p>
        <div class="actions">
          <button type="button" class="primary" onClick={onShow}>
            {i18n.t('hotSpot.open')}
          </button>
          <CloseNoteButton onClose={onClose} markerRef={marker} />
        </div>
      </div>
    </MarkerAnchor>
  );
}
