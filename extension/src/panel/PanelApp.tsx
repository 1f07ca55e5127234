import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import { Toast, type ToastState } from '../ui/Toast.js';
import { ConnectionCard } from '../sharing/ConnectionCard.js';
import { Conflicts } from '../sharing/Conflicts.js';
import { KeepsLink } from '../sharing/KeepsLink.js';
import { SyncBadge } from '../sharing/SyncBadge.js';
import { useSyncStatus } from '../sharing/use-sync-status.js';
import { AllAdaptations } from './AllAdaptations.js';
import { ThisPage } from './ThisPage.js';
import { useTargetTab } from './target-tab.js';
import { Transfer } from './Transfer.js';
import { MyData } from './MyData.js';

const TABS = ['thisPage', 'allMine', 'sharing', 'transfer'] as const;
type Tab = (typeof TABS)[number];

/** The side panel (Chrome) / sidebar (Firefox): this page's adaptations, all of mine, sharing (connection, sync, conflicts), export and import. */
export function PanelApp() {
  const tab = useTargetTab();
  const initial = new URLSearchParams(location.search).get('view');
  const [current, setCurrent] = useState<Tab>(
    (TABS as readonly string[]).includes(initial ?? '') ? (initial as Tab) : 'thisPage',
  );
  const sync = useSyncStatus();
  const [toast, setToast] = useState<ToastState | null>(null);
  const [version, setVersion] = useState(0);
  const serial = useRef(0);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    const listener = (m: unknown) => {
      const type = (m as { type?: string }).type;
      if (type === 'adaptationsChanged' || type === 'syncStatusChanged') setVersion((v) => v + 1);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  const notify = (message: string, undoId?: string) =>
    setToast({ message, serial: ++serial.current, ...(undoId ? { undoId } : {}) });
  const undo = async (id: string) => {
    setToast(null);
    const result = await sendCommand({ type: 'restoreAdaptation', id });
    notify(result.ok ? i18n.t('toast.restored') : result.error.message);
  };
  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(current);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : e.key === 'Home'
            ? TABS[0]
            : e.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    setCurrent(next);
    tabRefs.current[next]?.focus();
  };
  const label = (t: Tab) => i18n.t(`panel.${t}`);

  return (
    // `data-ready` once the background has answered (the store is open): tests wait on it, not on a fixed time.
    <main data-ready={sync.status ? 'true' : undefined}>
      <h1>{i18n.t('panel.title')}</h1>
      <SyncBadge
        status={sync.status}
        onAct={() => {
          setCurrent('sharing');
          tabRefs.current.sharing?.focus();
        }}
      />
      <div role="tablist" aria-label={i18n.t('panel.tabs')} onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-controls={`panel-${t}`}
            aria-selected={current === t ? 'true' : 'false'}
            tabIndex={current === t ? 0 : -1}
            ref={(el) => {
              tabRefs.current[t] = el;
            }}
            onClick={() => setCurrent(t)}
          >
            {label(t)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} tabIndex={0}>
        {current === 'thisPage' &&
          (tab ? <ThisPage key={tab.id} tab={tab} notify={notify} /> : <p class="muted">{i18n.t('panel.noPage')}</p>)}
        {current === 'allMine' && <AllAdaptations notify={notify} version={version} />}
        {current === 'sharing' && (
          <>
            <ConnectionCard status={sync.status} refresh={sync.refresh} />
            <Conflicts version={version} notify={notify} />
            <KeepsLink status={sync.status} />
          </>
        )}
        {current === 'transfer' && (
          <>
            <Transfer />
            <MyData status={sync.status} refresh={sync.refresh} />
          </>
        )}
      </section>
      <Toast toast={toast} onUndo={(id) => void undo(id)} onDismiss={() => setToast(null)} />
    </main>
  );
}
