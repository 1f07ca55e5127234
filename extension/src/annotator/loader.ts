/**
 * The content script registered on enabled sites, kept tiny so a page with nothing to show pays
 * almost nothing: it asks the background whether the page has adaptations or drafts, and waits
 * for the teacher to select text. Only then does it ask for the full annotator (Preact, the
 * anchoring engine, the form), which the background injects into this tab. It uses the browser's
 * own `chrome` / `browser` global (MV3 returns promises in both) so that it bundles no polyfill.
 */

interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(listener: (message: unknown) => Promise<unknown> | undefined): void };
}
type LoaderWindow = Window & { __marginsLoader?: true; __marginsAnnotator?: unknown };

/** Starts the loader once per page. */
export function startLoader(win: LoaderWindow): void {
  if (win.__marginsLoader || win.__marginsAnnotator) return;
  win.__marginsLoader = true;
  const g = globalThis as { browser?: { runtime?: RuntimeLike }; chrome?: { runtime?: RuntimeLike } };
  const runtime = g.browser?.runtime ?? g.chrome?.runtime;
  if (!runtime) return;
  const doc = win.document;
  const loadedUrl = win.location.href;
  let requested = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const onSelection = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const sel = doc.getSelection();
      if (sel && !sel.isCollapsed && sel.toString().trim()) load();
    }, 100);
  };
  const load = () => {
    if (requested || win.__marginsAnnotator) return;
    requested = true;
    doc.removeEventListener('selectionchange', onSelection);
    runtime.sendMessage({ type: 'loadAnnotator' }).catch(() => {
      requested = false;
    });
  };

  // Until the full annotator runs, answer the background's "who is here?" so it knows to inject it.
  runtime.onMessage.addListener((message) => {
    if (win.__marginsAnnotator || (message as { type?: unknown } | null)?.type !== 'ping') return undefined;
    return Promise.resolve({ ok: true, value: { pageUrl: win.location.href, full: false, loadedUrl } });
  });
  doc.addEventListener('selectionchange', onSelection);
  runtime
    .sendMessage({ type: 'summarisePage', pageUrl: win.location.href })
    .then((reply) => {
      const r = reply as
        { ok?: boolean; value?: { adaptations: number; drafts: number; injected: boolean } } | undefined;
      if (!r?.ok || !r.value || r.value.adaptations + r.value.drafts === 0) return;
      // The background has started the annotator already; ask only if it could not.
      if (r.value.injected) {
        requested = true;
        doc.removeEventListener('selectionchange', onSelection);
      } else load();
    })
    .catch(() => {});
}
