import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import { tryCanonicalPageUrl } from '@margins/shared/page-url';
import { kindLabel, orphanReasonLabel } from '../i18n/labels.js';
import { hotSpotLine } from '../i18n/hot-spots.js';
import { KIND_IDS } from '../i18n/vocabulary.js';
import { sendCommand, sendToAnnotator } from '../protocol/client.js';
import {
  inHotSpot,
  passageChanged,
  type AnchorStatus,
  type ColleagueAdaptation,
  type HotSpotView,
  type PageAdaptation,
} from '../protocol/views.js';
import { AdaptationCard, ColleagueCard } from './AdaptationCard.js';
import { SiteControls } from './SiteControls.js';
import type { TargetTab } from './target-tab.js';

/** Props of {@link ThisPage}. */
export interface ThisPageProps {
  tab: TargetTab;
  /** Shows a message (with Undo for a delete). */
  notify: (message: string, undoId?: string) => void;
}

/**
 * The adaptations of the tab's page: filter by kind, jump to one, edit it on the page, delete
 * it; adaptations whose passage was not found are listed apart with the reason, and can be
 * re-attached to a passage the teacher selects on the page. One found only approximately (its
 * passage's words changed) says so, and can be confirmed where it is or re-attached.
 */
export function ThisPage({ tab, notify }: ThisPageProps) {
  const pageUrl = tab.url ? tryCanonicalPageUrl(tab.url) : null;
  const [items, setItems] = useState<PageAdaptation[] | null>(null);
  const [colleagues, setColleagues] = useState<ColleagueAdaptation[]>([]);
  const [hotSpots, setHotSpots] = useState<HotSpotView[]>([]);
  /** The district hot spot whose colleagues' adaptations the page's note asked to see (issue 20). */
  const [passage, setPassage] = useState<string | null>(null);
  const passageHeading = useRef<HTMLHeadingElement>(null);
  const [statuses, setStatuses] = useState<Record<string, AnchorStatus>>({});
  const [running, setRunning] = useState(false);
  const [kind, setKind] = useState('');
  const [reattachError, setReattachError] = useState<{ id: string; message: string } | null>(null);

  // Counts the page's own reports: a status answer asked for before the latest report is older than
  // it (a re-attach redraws the page while the list reloads) and must not overwrite it.
  const reports = useRef(0);
  const load = async () => {
    if (!pageUrl) return setItems(null);
    const asked = reports.current;
    const [list, anchors, focus] = await Promise.all([
      sendCommand({ type: 'listPageAdaptations', pageUrl }),
      sendToAnnotator(tab.id, { type: 'getAnchorStatuses' }),
      sendCommand({ type: 'getPassageFocus', tabId: tab.id }),
    ]);
    setItems(list.ok ? list.value.adaptations : []);
    setColleagues(list.ok ? list.value.colleagues : []);
    setHotSpots(list.ok ? list.value.hotSpots : []);
    setPassage(focus.ok && focus.value?.pageUrl === pageUrl ? focus.value.hotSpotId : null);
    if (reports.current !== asked) return;
    setRunning(anchors.ok);
    if (anchors.ok && anchors.value.pageUrl === pageUrl) setStatuses(anchors.value.statuses);
  };
  useEffect(() => {
    void load();
    const listener = (message: unknown) => {
      const m = message as {
        type?: string;
        pageUrl?: string;
        statuses?: Record<string, AnchorStatus>;
        tabId?: number;
      };
      if (m.pageUrl !== pageUrl && !(m.type === 'adaptationsChanged' && m.pageUrl === '*')) return;
      if (m.type === 'anchorsReported' && m.statuses) {
        reports.current++;
        setStatuses(m.statuses);
        setRunning(true);
      }
      if (m.type === 'adaptationsChanged' || (m.type === 'passageFocused' && m.tabId === tab.id)) void load();
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [tab.id, pageUrl]);

  // The passage's list takes focus when a note asks for it (the teacher came here for it).
  useEffect(() => {
    if (passage) passageHeading.current?.focus();
  }, [passage]);
  const showWholePage = async () => {
    await sendCommand({ type: 'clearPassageFocus', tabId: tab.id });
    setPassage(null);
  };
  const spot = passage ? hotSpots.find((h) => h.id === passage) : undefined;
  const inPassage = spot ? colleagues.filter((a) => inHotSpot(spot, a.target)) : [];
  const showOnPage = (id: string) => (
    <button
      type="button"
      disabled={!running || statuses[id]?.status === 'orphan'}
      onClick={() => void sendToAnnotator(tab.id, { type: 'scrollToAdaptation', id })}
    >
      {i18n.t('panel.showOnPage')}
    </button>
  );

  const remove = async (id: string) => {
    const result = await sendCommand({ type: 'deleteAdaptation', id });
    notify(result.ok ? i18n.t('toast.deleted') : result.error.message, result.ok ? id : undefined);
  };
  const reattach = async (id: string) => {
    setReattachError(null);
    const selection = await sendToAnnotator(tab.id, { type: 'describeSelection' });
    if (!selection.ok)
      return setReattachError({
        id,
        message: selection.error.code === 'unavailable' ? i18n.t('panel.notRunning') : selection.error.message,
      });
    const result = await sendCommand({ type: 'reattachAdaptation', id, target: selection.value.target });
    if (!result.ok) return setReattachError({ id, message: result.error.message });
    notify(i18n.t('toast.reattached'));
  };
  const confirm = async (id: string) => {
    setReattachError(null);
    const result = await sendToAnnotator(tab.id, { type: 'confirmAnchor', id });
    if (!result.ok)
      return setReattachError({
        id,
        message: result.error.code === 'unavailable' ? i18n.t('panel.notRunning') : result.error.message,
      });
    notify(i18n.t('changed.confirmed'));
  };
  const errorOf = (id: string) =>
    reattachError?.id === id && (
      <p class="error" role="alert">
        {reattachError.message}
      </p>
    );

  const all = items ?? [];
  const shown = kind ? all.filter((a) => a.kinds.includes(kind as PageAdaptation['kinds'][number])) : all;
  const orphans = shown.filter((a) => statuses[a.id]?.status === 'orphan');
  const placed = shown.filter((a) => statuses[a.id]?.status !== 'orphan');
  const kindsHere = KIND_IDS.filter((k) => all.some((a) => a.kinds.includes(k)));

  return (
    <div>
      <SiteControls tab={tab} onChanged={() => void load()} />
      {pageUrl && items && (
        <>
          {spot && (
            <section aria-labelledby="passage-heading" class="colleagues passage">
              <h2 id="passage-heading" tabIndex={-1} ref={passageHeading}>
                {i18n.t('hotSpot.panelHeading')}
              </h2>
              <p class="muted">{hotSpotLine(spot)}</p>
              {inPassage.length ? (
                <ul class="cards">
                  {inPassage.map((a) => (
                    <li key={a.id}>
                      <ColleagueCard adaptation={a}>{showOnPage(a.id)}</ColleagueCard>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{i18n.t('hotSpot.panelNone')}</p>
              )}
              <button type="button" onClick={() => void showWholePage()}>
                {i18n.t('hotSpot.showAll')}
              </button>
            </section>
          )}
          <p role="status">{i18n.t('panel.count', all.length)}</p>
          {!running && all.length > 0 && <p class="muted">{i18n.t('panel.notRunning')}</p>}
          {kindsHere.length > 1 && (
            <div class="field">
              <label for="kind-filter">{i18n.t('panel.filterKinds')}</label>
              <select id="kind-filter" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
                <option value="">{i18n.t('panel.allKinds')}</option>
                {kindsHere.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(k)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {kind && shown.length === 0 && <p>{i18n.t('panel.noMatches')}</p>}
          <ul class="cards" aria-label={i18n.t('panel.thisPage')}>
            {placed.map((a) => (
              <li key={a.id}>
                <AdaptationCard
                  adaptation={a}
                  heading={
                    passageChanged(statuses[a.id]) && (
                      <p class="changed" id={`changed-${a.id}`}>
                        {i18n.t('changed.notice')}
                      </p>
                    )
                  }
                >
                  {passageChanged(statuses[a.id]) && (
                    <>
                      <button
                        type="button"
                        class="primary"
                        aria-describedby={`changed-${a.id}`}
                        onClick={() => void confirm(a.id)}
                      >
                        {i18n.t('changed.confirm')}
                      </button>
                      <button type="button" aria-describedby={`changed-${a.id}`} onClick={() => void reattach(a.id)}>
                        {i18n.t('panel.reattach')}
                      </button>
                    </>
                  )}
                  <button
                    type="button"
                    disabled={!running}
                    onClick={() => void sendToAnnotator(tab.id, { type: 'scrollToAdaptation', id: a.id })}
                  >
                    {i18n.t('panel.showOnPage')}
                  </button>
                  <button
                    type="button"
                    disabled={!running}
                    onClick={() => void sendToAnnotator(tab.id, { type: 'editAdaptation', id: a.id })}
                  >
                    {i18n.t('panel.edit')}
                  </button>
                  <button type="button" class="danger" onClick={() => void remove(a.id)}>
                    {i18n.t('panel.delete')}
                  </button>
                </AdaptationCard>
                {errorOf(a.id)}
              </li>
            ))}
          </ul>
          {colleagues.length > 0 && (
            <section aria-labelledby="colleagues-heading" class="colleagues">
              <h2 id="colleagues-heading">{i18n.t('panel.colleagues', colleagues.length)}</h2>
              <ul class="cards">
                {colleagues.map((a) => (
                  <li key={a.id}>
                    <ColleagueCard adaptation={a}>{showOnPage(a.id)}</ColleagueCard>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {orphans.length > 0 && (
            <section aria-labelledby="orphans-heading" class="orphans">
              <h2 id="orphans-heading">{i18n.t('panel.orphans')}</h2>
              <p class="muted">{i18n.t('panel.orphansHint')}</p>
              <ul class="cards">
                {orphans.map((a) => {
                  const s = statuses[a.id];
                  return (
                    <li key={a.id}>
                      <AdaptationCard
                        adaptation={a}
                        heading={<p class="reason">{s?.status === 'orphan' ? orphanReasonLabel(s.reason) : ''}</p>}
                      >
                        <button type="button" class="primary" onClick={() => void reattach(a.id)}>
                          {i18n.t('panel.reattach')}
                        </button>
                        <button type="button" class="danger" onClick={() => void remove(a.id)}>
                          {i18n.t('panel.delete')}
                        </button>
                      </AdaptationCard>
                      {errorOf(a.id)}
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
