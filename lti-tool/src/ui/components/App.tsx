import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LaunchSession } from '@margins/shared';
import { ApiError, client, hasSession, keepsUrl, coachClient } from '../api.js';
import { Coaches } from './Coaches.js';
import { MyData } from './MyData.js';
import { AdminAccounts } from './AdminAccounts.js';
import { ConnectExtension } from './ConnectExtension.js';
import { CourseKind } from './CourseKind.js';
import { Deployments } from './Deployments.js';
import { Reregistration } from './Reregistration.js';
import { SharingSettings } from './SharingSettings.js';
import { RetentionSettings } from './RetentionSettings.js';
import { type CoachSection, CoachWorkspace } from './CoachWorkspace.js';
import { CollectionView } from './CollectionView.js';
import { DeepLinkBar, DeepLinkCollections } from './DeepLinking.js';
import { Detail } from './Detail.js';
import { Library } from './Library.js';
import { LeadershipMetrics } from './LeadershipMetrics.js';
import { CurriculumInsight } from './CurriculumInsight.js';
import { CurriculumLeads, InsightPreferencesForm } from './InsightSettings.js';
import { LeaveGuard } from './LeaveGuard.js';
import { LibraryHighlights } from './LibraryHighlights.js';
import { MyMentoring } from './MyMentoring.js';
import { Participation } from './Participation.js';
import { PracticeCuration } from './PracticeCuration.js';
import { RecognitionView } from './Recognition.js';
import { ErrorState, Loading } from './States.js';
import { SiteNav, type NavItem } from './SiteNav.js';
import { currentLang, pickLang, setLang, t } from '../i18n/index.js';
import { requestLeave } from '../unsaved.js';
import { useLoad } from '../use-load.js';

/** Where a practice's detail was opened from (its back button returns there). */
type Origin = 'library' | 'coach' | 'collection';
type View =
  | { name: 'library' }
  | { name: 'detail'; id: string; from: Origin; edit?: boolean }
  | { name: 'coaches' }
  | { name: 'coach'; section: CoachSection }
  | { name: 'collection'; id: string }
  | { name: 'participation' }
  | { name: 'recognition' }
  | { name: 'my-mentoring' }
  | { name: 'extension' }
  | { name: 'my-data' }
  | { name: 'accounts' }
  | { name: 'sharing' }
  | { name: 'metrics' }
  | { name: 'insight' }
  | { name: 'leads' };

const BACK_LABEL = { library: 'back.library', coach: 'back.coach', collection: 'back.collection' } as const;

/** The LMS UI: the practice library, a practice's detail, a collection, the coach workspace, the participation grade, recognition and (for admins) coaches. */
export function App() {
  const [session, setSession] = useState<LaunchSession | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [view, setView] = useState<View>({ name: 'library' });
  const [selected, setSelected] = useState<string[]>([]);
  const [selectedCollections, setSelectedCollections] = useState<string[]>([]);
  /** Views kept mounted (hidden) once opened, so their state survives a visit to a practice. */
  const [kept, setKept] = useState<{ coach: CoachSection | null; collection: string | null }>({
    coach: null,
    collection: null,
  });
  const returnFocus = useRef<string | null>(null);
  const returnElement = useRef<Element | null>(null);

  const load = () => {
    setError(null);
    client.session().then(
      (s) => {
        // The launch's language wins over the browser's; set before the first render with the session.
        setLang(pickLang(s.locale, navigator.languages));
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
  // "My mentoring" is in the navigation only for people in a mentoring pair.
  const mentoring = useLoad(() => (session ? coachClient.myMentoring() : Promise.resolve(null)), [session?.user.id]);
  const inPair = !!(mentoring.data?.mentors.length || mentoring.data?.mentees.length);
  // Back from a practice: focus returns to what opened it (the library's own results handle themselves the same way).
  useLayoutEffect(() => {
    if (view.name === 'detail') return;
    const el = returnElement.current as HTMLElement | null;
    if (el?.isConnected && document.activeElement !== el) el.focus();
    returnElement.current = null;
  }, [view]);

  if (!hasSession()) {
    return (
      <main class="page">
        <h1>Margins</h1>
        <p>{t('app.noSession')}</p>
        <KeepsFooter districtId={null} />
      </main>
    );
  }
  if (error) {
    return (
      <main class="page">
        <h1>Margins</h1>
        <ErrorState error={error} onRetry={load} />
        <KeepsFooter districtId={null} />
      </main>
    );
  }
  if (!session) {
    return (
      <main class="page">
        <Loading label={t('app.opening')} />
      </main>
    );
  }

  const isAdmin = session.roles.includes('district-admin');
  const isCoach = session.roles.includes('coach');
  const readsInsight = isAdmin || isCoach || session.roles.includes('curriculum-lead');
  const picking = session.deepLinking;
  const open = (from: Origin) => (id: string, edit?: boolean) => {
    const opener = document.activeElement;
    returnElement.current = opener;
    if (from === 'library') returnFocus.current = opener?.id === `open-${id}` ? id : null;
    setView({ name: 'detail', id, from, edit: !!edit });
  };
  const go = (v: View) => {
    if (v.name === 'coach') setKept((k) => ({ ...k, coach: v.section }));
    setView(v);
  };
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const toggleCollection = (id: string) =>
    setSelectedCollections((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  // Which navigation item is current: a practice counts under what it was opened from.
  const current =
    view.name === 'detail'
      ? view.from === 'coach'
        ? `coach:${kept.coach}`
        : 'library'
      : view.name === 'coach'
        ? `coach:${view.section}`
        : view.name === 'collection'
          ? 'library'
          : view.name;
  const coachItem = (section: CoachSection, label: string): NavItem => ({
    id: `coach:${section}`,
    label,
    group: t('nav.coaching'),
  });
  const items: NavItem[] = [
    { id: 'library', label: t('nav.library') },
    ...(session.course ? [{ id: 'participation', label: t('nav.participation') }] : []),
    { id: 'recognition', label: t('nav.recognition') },
    ...(inPair ? [{ id: 'my-mentoring', label: t('nav.myMentoring') }] : []),
    { id: 'extension', label: t('nav.extension') },
    { id: 'my-data', label: t('nav.myData') },
    ...(isCoach
      ? [
          coachItem('collections', t('nav.collections')),
          coachItem('focus', t('nav.focus')),
          coachItem('approvals', t('nav.approvals')),
          coachItem('featured', t('nav.featured')),
          coachItem('mentoring', t('nav.mentoring')),
          coachItem('awards', t('nav.awards')),
          coachItem('metrics', t('nav.metrics')),
        ]
      : []),
    ...(isAdmin
      ? [
          { id: 'coaches', label: t('nav.coaches'), group: t('nav.district') },
          { id: 'sharing', label: t('nav.sharing'), group: t('nav.district') },
          // Coaches find the metrics under Coaching; a district admin who is not a coach gets them here.
          ...(isCoach ? [] : [{ id: 'metrics', label: t('nav.metrics'), group: t('nav.district') }]),
          { id: 'leads', label: t('nav.curriculumLeads'), group: t('nav.district') },
          { id: 'accounts', label: t('nav.accounts'), group: t('nav.district') },
        ]
      : []),
    ...(readsInsight ? [{ id: 'insight', label: t('nav.insight'), group: t('nav.district') }] : []),
  ];
  // Leaving a view with unsaved text asks first (unsaved.ts).
  const choose = (id: string) =>
    requestLeave(() =>
      go(id.startsWith('coach:') ? { name: 'coach', section: id.slice(6) as CoachSection } : ({ name: id } as View)),
    );
  const coachLabel = t('nav.coaching');

  return (
    <div class="page">
      <header class="top">
        <p class="brand">Margins</p>
        <p class="meta">
          {session.tenant.name}
          {session.course ? ` · ${session.course.title}` : ''} ·{' '}
          {t('app.signedIn', { name: session.user.name || t('app.you') })}
          {isCoach ? t('app.coachSuffix') : ''}
        </p>
        {!picking && items.length > 1 ? (
          <SiteNav items={items} current={current} onChoose={choose} label={t('nav.label')} menuLabel={t('nav.menu')} />
        ) : null}
      </header>
      <main>
        {view.name === 'coaches' ? <Coaches /> : null}
        {view.name === 'extension' ? <ConnectExtension session={session} /> : null}
        {view.name === 'my-data' ? <MyData /> : null}
        {view.name === 'accounts' ? <AdminAccounts /> : null}
        {view.name === 'sharing' ? (
          <>
            <SharingSettings />
            <RetentionSettings />
            <Deployments />
            <Reregistration />
          </>
        ) : null}
        {view.name === 'metrics' ? (
          <section aria-labelledby="district-heading">
            <h1 id="district-heading" class="section-label">
              {t('nav.district')}
            </h1>
            <LeadershipMetrics focusHeading />
          </section>
        ) : null}
        {view.name === 'insight' ? (
          <section aria-labelledby="insight-district-heading">
            <h1 id="insight-district-heading" class="section-label">
              {t('nav.district')}
            </h1>
            <CurriculumInsight focusHeading />
          </section>
        ) : null}
        {view.name === 'leads' ? <CurriculumLeads /> : null}
        {view.name === 'participation' && session.course ? (
          <>
            <Participation courseTitle={session.course.title} />
            {isCoach || isAdmin ? (
              <CourseKind
                courseTitle={session.course.title}
                professionalLearning={session.course.professionalLearning}
              />
            ) : null}
          </>
        ) : null}
        {view.name === 'recognition' ? (
          <>
            <RecognitionView courseTitle={session.course?.title ?? null} manage={isAdmin && !isCoach} />
            <InsightPreferencesForm />
          </>
        ) : null}
        {view.name === 'my-mentoring' ? <MyMentoring userId={session.user.id} focusHeading /> : null}
        {view.name === 'detail' ? (
          <Detail
            key={`${view.id}:${view.edit}`}
            id={view.id}
            edit={view.edit}
            onBack={() =>
              requestLeave(() =>
                setView(
                  view.from === 'collection' && kept.collection
                    ? { name: 'collection', id: kept.collection }
                    : view.from === 'coach' && kept.coach
                      ? { name: 'coach', section: kept.coach }
                      : { name: 'library' },
                ),
              )
            }
            backLabel={t(BACK_LABEL[view.from])}
            selectable={picking}
            selected={selected.includes(view.id)}
            onToggle={() => toggle(view.id)}
            aside={(a) => (picking ? null : <PracticeCuration adaptation={a} isCoach={isCoach} />)}
          />
        ) : null}
        {kept.coach && isCoach ? (
          <div hidden={view.name !== 'coach'}>
            <CoachWorkspace section={kept.coach} label={coachLabel} onOpenPractice={open('coach')} />
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
      <KeepsFooter districtId={session.tenant.id} />
      {picking ? <DeepLinkBar practices={selected} collections={selectedCollections} /> : null}
      <LeaveGuard />
    </div>
  );
}

/** Props of {@link KeepsFooter}. */
export type KeepsFooterProps = { districtId: string | null };

/** The link under every view to "What Margins keeps about you" (issue 16), with the district's own periods. */
export function KeepsFooter({ districtId }: KeepsFooterProps) {
  return (
    <footer class="site-footer">
      <a href={keepsUrl(districtId, currentLang())} target="_blank" rel="noopener">
        {t('footer.whatWeKeep')}
      </a>
    </footer>
  );
}
