import { useEffect, useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { ErrorState, Loading } from './States.js';

/** District admins decide whether colleagues see who wrote an adaptation (never across districts). */
export function SharingSettings() {
  const [show, setShow] = useState<boolean | null>(null);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  const load = () => {
    setError(null);
    client.sharingSettings().then(
      (s) => {
        setShow(s.showAuthorNames);
        setSaved(s.showAuthorNames);
      },
      (e: ApiError) => setError(e),
    );
  };
  useEffect(load, []);

  const save = (e: Event) => {
    e.preventDefault();
    if (show === null) return;
    setBusy(true);
    setNotice('');
    client.updateSharingSettings(show).then(
      (s) => {
        setSaved(s.showAuthorNames);
        setNotice(
          s.showAuthorNames
            ? 'Saved. Colleagues see who wrote each adaptation.'
            : 'Saved. Colleagues see "a colleague" instead of names.',
        );
        setBusy(false);
      },
      (err: ApiError) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  return (
    <section aria-labelledby="sharing-heading">
      <h1 id="sharing-heading">Sharing settings</h1>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {show === null && !error ? <Loading label="Loading the sharing settings…" /> : null}
      {show !== null ? (
        <form onSubmit={save}>
          <label class="select">
            <input type="checkbox" checked={show} onChange={(e) => setShow(e.currentTarget.checked)} /> Show author
            names to colleagues in the district
          </label>
          <p class="meta">
            Applies to adaptations, "I tried this" and feedback, in the extension and in Margins. Names are never shown
            to other districts, and every teacher always sees their own name.
          </p>
          <button type="submit" class="primary" disabled={busy || show === saved}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
