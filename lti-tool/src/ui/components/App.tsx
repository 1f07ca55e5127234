import { useEffect, useRef, useState } from 'preact/hooks';
import type { LaunchSession } from '@margins/shared';
import { ApiError, client, hasSession } from '../api.js';
import { Coaches } from './Coaches.js';
import { ConnectExtension } from './ConnectExtension.js';
import { SharingSettings } from './SharingSettings.js';
import { CoachWorkspace } from './CoachWorkspace.js';
import { CollectionView } from './CollectionView.js';
import { DeepLinkBar, DeepLinkCollections } from './DeepLinking.js';
import { Detail } from './Detail.js';
import { Library } from './Library.js';
import { LeadershipMetrics } from './LeadershipMetrics.js';
import { LibraryHighlights } from './LibraryHighlights.js';
import { Participation } from './Participation.js';
import { PracticeCuration } from './PracticeCuration.js';
import { RecognitionView } from './Recognition.js';
import { ErrorState, Loading } from './States.js';

/** Where a practice's detail was opened from (its back button returns there). */
type Origin = 'library' | 'coach' | 'collection';
type View =
  | { name: 'library' }
  | { name: 'detail'; id: string; from: Origin }
  | { name: 'coaches' }
  | { name: 'coach' }
  | { name: 'collection'; id: string }
  | { name: 'participation' }
  | { name: 'recognition' }
  | { name: 'extension' }
  | { name: 'sharing' }
  | { name: 'metrics' };

const BACK_LABEL: Record<Origin, string> = {
  library: 'Back to the library',
  coach: 'Back to the coach workspace',
  collection: 'Back to the collection',
};

/** The LMS UI: the practice library, a practice's detail, a collection, the coach workspace, the participation grade, recognition and (for admins) coaches. */
export function App() {
  const [session, setSession] = useState<LaunchSession | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [view, setView] = useState<View>({ name: 'library' });
  const [selected, setSelected] = useState<string[]>([]);
  const [selectedCollections, setSelectedCollections] = useState<string[]>([]);
  /** Views kept mounted (hidden) once opened, so their state survives a visit to a practice. */
  const [kept, setKept] = useState<{ coach: boolean; collection: string | null }>({ coach: false, collection: null });
  const returnFocus = useRef<string | null>(null);
  const returnElement = useRef<Element | null>(null);

  const load = () => {
    setError(null);
    client.session().then(
      (s) => {
        setSession(s);
        if (s.openCollectionId) {
          setKept((k) => ({ ...k, collection: s.openCollectionId }));
          setView({ name: 'collection', id: s.openCollectionId });
        } else if (s.openAdaptationId) setView({ name: 'detail', id: s.openAdaptationId, from: 'library' });
      },
      (e: ApiError) => setError(e),
    );
  };
  useEffect(load, []);
  // Back from a practice: focus returns to what opened it (the library's own results handle themselves the same way).
  useEffect(() => {
    if (view.name === 'detail') return;
    const el = returnElement.current as HTMLElement | null;
    if (el?.isConnected && document.activeElement !== el) el.focus();
    returnElement.current = null;
  }, [view]);

  if (!hasSession()) {
    return (
      <main class="page">
        <h1>Margins</h1>
        <p>
          Open Margins from your course or your learning platform's account menu to see your district's practice
          library.
        </p>
      </main>
    );
  }
  if (error) {
    return (
      <main class="page">
        <h1>Margins</h1>
        <ErrorState error={error} onRetry={load} />
      </main>
    );
  }
  if (!session) {
    return (
      <main class="page">
        <Loading label="Opening Margins…" />
      </main>
    );
  }

  const isAdmin = session.roles.includes('district-admin');
  const isCoach = session.roles.includes('coach');
  const picking = session.deepLinking;
  const open = (from: Origin) => (id: string) => {
    const opener = document.activeElement;
    returnElement.current = opener;
    if (from === 'library') returnFocus.current = opener?.id === `open-${id}` ? id : null;
    setView({ name: 'detail', id, from });
  };
  const go = (v: View) => {
    if (v.name === 'coach') setKept((k) => ({ ...k, coach: true }));
    setView(v);
  };
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const toggleCollection = (id: string) =>
    setSelectedCollections((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const section = view.name === 'detail' ? view.from : view.name;
  const tabs = [
    {
      view: { name: 'library' } as View,
      label: 'Practice library',
      current: section === 'library' || section === 'collection',
    },
    ...(isCoach ? [{ view: { name: 'coach' } as View, label: 'Coach', current: section === 'coach' }] : []),
    ...(session.course
      ? [{ view: { name: 'participation' } as View, label: 'Participation', current: section === 'participation' }]
      : []),
    { view: { name: 'recognition' } as View, label: 'Recognition', current: section === 'recognition' },
    { view: { name: 'extension' } as View, label: 'Browser extension', current: section === 'extension' },
    ...(isAdmin ? [{ view: { name: 'coaches' } as View, label: 'Coaches', current: section === 'coaches' }] : []),
    ...(isAdmin
      ? [{ view: { name: 'sharing' } as View, label: 'Sharing settings', current: section === 'sharing' }]
      : []),
    // Coaches find the metrics in their workspace; a district admin who is not a coach gets them here.
    ...(isAdmin && !isCoach
      ? [{ view: { name: 'metrics' } as View, label: 'Leadership metrics', current: section === 'metrics' }]
      : []),
  ];

  return (
    <div class="page">
      <header class="top">
        <div>
          <p class="brand">Margins</p>
          <p class="meta">
            {session.tenant.name}
            {session.course ? ` · ${session.course.title}` : ''} · Signed in as {session.user.name || 'you'}
            {isCoach ? ' (coach)' : ''}
          </p>
        </div>
        {!picking && tabs.length > 1 ? (
          <nav aria-label="Margins sections">
            {tabs.map((t) => (
              <button
                key={t.label}
                type="button"
                class="tab"
                aria-current={t.current ? 'page' : undefined}
                onClick={() => go(t.view)}
              >
                {t.label}
              </button>
            ))}
          </nav>
        ) : null}
      </header>
      <main>
        {view.name === 'coaches' ? <Coaches /> : null}
        {view.name === 'extension' ? <ConnectExtension session={session} /> : null}
        {view.name === 'sharing' ? <SharingSettings /> : null}
        {view.name === 'metrics' ? <LeadershipMetrics focusHeading /> : null}
        {view.name === 'participation' && session.course ? <Participation courseTitle={session.course.title} /> : null}
        {view.name === 'recognition' ? (
          <RecognitionView courseTitle={session.course?.title ?? null} manage={isAdmin && !isCoach} />
        ) : null}
        {view.name === 'detail' ? (
          <Detail
            id={view.id}
            onBack={() =>
              setView(
                view.from === 'collection' && kept.collection
                  ? { name: 'collection', id: kept.collection }
                  : ({ name: view.from === 'coach' ? 'coach' : 'library' } as View),
              )
            }
            backLabel={BACK_LABEL[view.from]}
            selectable={picking}
            selected={selected.includes(view.id)}
            onToggle={() => toggle(view.id)}
            aside={(a) => (picking ? null : <PracticeCuration adaptation={a} isCoach={isCoach} />)}
          />
        ) : null}
        {kept.coach && isCoach ? (
          <div hidden={view.name !== 'coach'}>
            <CoachWorkspace onOpenPractice={open('coach')} />
          </div>
        ) : null}
        {kept.collection ? (
          <div hidden={view.name !== 'collection'}>
            <CollectionView
              id={kept.collection}
              onOpenPractice={open('collection')}
              onBack={() => setView({ name: 'library' })}
            />
          </div>
        ) : null}
        {/* The library stays mounted (hidden) while a detail is open, so filters, results and "show more" survive going back. */}
        <div hidden={view.name !== 'library'}>
          <Library
            session={session}
            onOpen={open('library')}
            focusId={returnFocus.current}
            visible={view.name === 'library'}
            selectable={picking}
            selected={selected}
            onToggle={toggle}
            before={
              picking ? (
                <DeepLinkCollections selected={selectedCollections} onToggle={toggleCollection} />
              ) : (
                <LibraryHighlights onOpen={open('library')} />
              )
            }
          />
        </div>
      </main>
      {picking ? <DeepLinkBar practices={selected} collections={selectedCollections} /> : null}
    </div>
  );
}
