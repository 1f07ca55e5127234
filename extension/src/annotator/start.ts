import { browser } from 'wxt/browser';
import { h, render } from 'preact';
import { parseAnnotatorMessage, type AnchorsReported } from '../protocol/page-messages.js';
import { sendCommand } from '../protocol/client.js';
import { ColleagueActions } from './colleague-actions.js';
import { followHover } from './hover.js';
import { AnnotatorController } from './controller.js';
import { PageAnchors } from './page-anchors.js';
import { initialState, type AnnotatorState } from './state.js';
import { Store } from './store.js';
import { AnnotatorApp } from './ui/AnnotatorApp.js';
import css from './ui/styles.css?inline';

/** Tag name of the element hosting Margins' closed shadow root. */
export const HOST_TAG = 'margins-annotator';

type MarginsWindow = Window & { __marginsAnnotator?: AnnotatorController };

/** Events that do not leave the annotator's shadow root. */
const ISOLATED_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'change',
  'paste',
  'copy',
  'cut',
  'compositionstart',
  'compositionupdate',
  'compositionend',
  'focusin',
  'focusout',
  'click',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
] as const;

/**
 * Starts the annotator in a page (once, however often the script is injected). Nothing is added
 * to the page until there is something to show: a page without adaptations costs one message.
 * The UI lives in a closed shadow root, so page scripts cannot read the teacher's text from it.
 */
export function startAnnotator(win: MarginsWindow): AnnotatorController {
  if (win.__marginsAnnotator) return win.__marginsAnnotator;
  const doc = win.document;
  const store = new Store<AnnotatorState>(initialState());
  const hover = { overNote: false };
  let host: HTMLElement | null = null;

  const isOwnNode = (node: Node) => !!host && (node === host || (node.getRootNode() as ShadowRoot).host === host);
  const anchors = new PageAnchors(doc, () => controller.pageChanged());
  const controller = new AnnotatorController({
    doc,
    store,
    anchors,
    isOwnNode,
    send: sendCommand,
    report: (pageUrl, statuses) => {
      const event: AnchorsReported = { type: 'anchorsReported', pageUrl, statuses };
      browser.runtime.sendMessage(event).catch(() => {});
    },
  });
  win.__marginsAnnotator = controller;
  const colleagues = new ColleagueActions(store, sendCommand, (m) => controller.toast(m));

  const ensureUi = () => {
    if (host) {
      if (!host.isConnected) doc.documentElement.append(host);
      return;
    }
    host = doc.createElement(HOST_TAG);
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = css;
    const container = doc.createElement('div');
    // Keystrokes, text input and clicks inside Margins stop at its root, so page handlers listening
    // on the document (shortcuts, analytics, key loggers in the bubble phase) never see them.
    for (const type of ISOLATED_EVENTS) container.addEventListener(type, (e) => e.stopPropagation());
    shadow.append(style, container);
    doc.documentElement.append(host);
    render(h(AnnotatorApp, { store, controller, colleagues, hover }), container);
  };
  store.subscribe(() => {
    const s = store.get();
    if (s.markers.length || s.adaptButton || s.form || s.drafts.length || s.toast || s.respond) ensureUi();
  });

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a returned Promise is the reply (webextension-polyfill); undefined leaves the message to other listeners
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const message = parseAnnotatorMessage(raw);
    return message ? controller.handle(message) : undefined;
  });

  wirePageEvents(win, store, controller, anchors, hover);
  void controller.load();
  return controller;
}

/** Selection (Adapt button), hover over highlights, layout changes and leaving the page. */
function wirePageEvents(
  win: Window,
  store: Store<AnnotatorState>,
  controller: AnnotatorController,
  anchors: PageAnchors,
  hover: { overNote: boolean },
): void {
  const doc = win.document;
  const placeAdaptButton = () => {
    const range = controller.selectedRange();
    const rects = range?.getClientRects();
    const last = rects?.[rects.length - 1];
    if (!range || !last) {
      if (store.get().adaptButton) store.set({ adaptButton: null });
      return;
    }
    const top = Math.min(Math.max(last.bottom + 6, 4), win.innerHeight - 40);
    const left = Math.min(Math.max(last.right - 20, 4), win.innerWidth - 110);
    store.set({ adaptButton: { top, left } });
  };
  let selectionTimer: ReturnType<typeof setTimeout> | undefined;
  doc.addEventListener('selectionchange', () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(placeAdaptButton, 120);
  });
  let frame = 0;
  win.addEventListener(
    'scroll',
    () => {
      if (!store.get().adaptButton || frame) return;
      frame = win.requestAnimationFrame(() => {
        frame = 0;
        placeAdaptButton();
      });
    },
    { passive: true },
  );
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const repositionSoon = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => controller.reposition(), 150);
  };
  // Markers follow the text when the window resizes and when late images or fonts move it.
  win.addEventListener('resize', repositionSoon);
  win.addEventListener('load', repositionSoon);
  if (doc.body && 'ResizeObserver' in win)
    new ResizeObserver(() => {
      if (store.get().markers.length) repositionSoon();
    }).observe(doc.body);

  followHover(win, store, anchors, hover);
  store.subscribe(() => anchors.focus(store.get().note?.id ?? null));

  // Injected after the teacher selected text: offer Adapt for that selection straight away.
  placeAdaptButton();

  const flush = () => void controller.drafts.flush();
  win.addEventListener('pagehide', flush);
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') flush();
  });
}
