import { useEffect, useRef, useState } from 'preact/hooks';
import type { LaunchSession } from '@margins/shared';
import { ApiError, client, hasSession } from '../api.js';
import { Coaches } from './Coaches.js';
import { ConnectExtension } from './ConnectExtension.js';
import { SharingSettings } from './SharingSettings.js';
import { Detail } from './Detail.js';
import { Library } from './Library.js';
import { ErrorState, Loading } from './States.js';

type View = { name: 'library' } | { name: 'detail'; id: string } | { name: 'coaches' } | { name: 'extension' } | { name: 'sharing' };

/** The LMS UI: the practice library, an adaptation's detail, and (for admins) coaches. */
export function App() {
  const [session, setSession] = useState<LaunchSession | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [view, setView] = useState<View>({ name: 'library' });
  const [selected, setSelected] = useState<string[]>([]);
  const returnFocus = useRef<string | null>(null);

  const load = () => {
    setError(null);
    client.session().then((s) => {
      setSession(s);
      if (s.openAdaptationId) setView({ name: 'detail', id: s.openAdaptationId });
    }, (e: ApiError) => setError(e));
  };
  useEffect(load, []);

  if (!hasSession()) {
    return (
      <main class="page">
        <h1>Margins</h1>
        <p>Open Margins from your course or your learning platform's account menu to see your district's practice library.</p>
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
  const open = (id: string) => {
    returnFocus.current = id;
    setView({ name: 'detail', id });
  };
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <div class="page">
      <header class="top">
        <div>
          <p class="brand">Margins</p>
          <p class="meta">
            {session.tenant.name}
            {session.course ? ` · ${session.course.title}` : ''} · Signed in as {session.user.name || 'you'}
            {session.roles.includes('coach') ? ' (coach)' : ''}
          </p>
        </div>
        <nav aria-label="Margins sections">
          <button type="button" class="tab" aria-current={view.name === 'library' || view.name === 'detail' ? 'page' : undefined} onClick={() => setView({ name: 'library' })}>
            Practice library
          </button>
          <button type="button" class="tab" aria-current={view.name === 'extension' ? 'page' : undefined} onClick={() => setView({ name: 'extension' })}>
            Browser extension
          </button>
          {isAdmin ? (
            <>
              <button type="button" class="tab" aria-current={view.name === 'coaches' ? 'page' : undefined} onClick={() => setView({ name: 'coaches' })}>
                Coaches
              </button>
              <button type="button" class="tab" aria-current={view.name === 'sharing' ? 'page' : undefined} onClick={() => setView({ name: 'sharing' })}>
                Sharing settings
              </button>
            </>
          ) : null}
        </nav>
      </header>
      <main>
        {view.name === 'coaches' ? <Coaches /> : null}
        {view.name === 'extension' ? <ConnectExtension session={session} /> : null}
        {view.name === 'sharing' ? <SharingSettings /> : null}
        {view.name === 'detail' ? (
          <Detail id={view.id} onBack={() => setView({ name: 'library' })} selectable={session.deepLinking} selected={selected.includes(view.id)} onToggle={() => toggle(view.id)} />
        ) : null}
        {/* The library stays mounted (hidden) while a detail is open, so filters, results and "show more" survive going back. */}
        <div hidden={view.name !== 'library'}>
          <Library session={session} onOpen={open} focusId={returnFocus.current} visible={view.name === 'library'} selectable={session.deepLinking} selected={selected} onToggle={toggle} />
        </div>
      </main>
      {session.deepLinking ? <DeepLinkBar selected={selected} /> : null}
    </div>
  );
}

/** Deep-linking mode: sends the chosen adaptations back to the course (Deep Linking 2.0 response). */
function DeepLinkBar({ selected }: { selected: string[] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const [answer, setAnswer] = useState<{ returnUrl: string; jwt: string } | null>(null);
  useEffect(() => {
    if (answer) form.current?.submit();
  }, [answer]);
  const send = () => {
    setBusy(true);
    setError(null);
    client.deepLink(selected).then(setAnswer, (e: ApiError) => {
      setError(e);
      setBusy(false);
    });
  };
  return (
    <div class="dl-bar" role="region" aria-label="Add to your course">
      {error ? <ErrorState error={error} /> : null}
      <p aria-live="polite">{selected.length ? `${selected.length} selected` : 'Choose the adaptations to add to your course.'}</p>
      <button type="button" class="primary" disabled={!selected.length || busy} onClick={send}>
        {busy ? 'Adding…' : 'Add to course'}
      </button>
      {answer ? (
        <form ref={form} method="post" action={answer.returnUrl}>
          <input type="hidden" name="JWT" value={answer.jwt} />
        </form>
      ) : null}
    </div>
  );
}
