/**
 * Fitting the LMS frame. Canvas (and platforms following the same convention, e.g. Sakai and the
 * test platform) size the tool's iframe when it posts `lti.frameResize` with its content height, so
 * the course page scrolls once instead of a scrolling frame inside a scrolling page. Moodle's
 * "Embed" container sizes the frame to the window itself and ignores the message; in its
 * "New window" container the tool is the top-level page and nothing is sent.
 */

/** The message Canvas listens for; `height` in CSS pixels. */
export type FrameResizeMessage = { subject: 'lti.frameResize'; height: number };

/** The height the frame needs to show `body` without an inner scroll bar. */
export function contentHeight(doc: Document): number {
  return Math.ceil(doc.body.getBoundingClientRect().height);
}

/**
 * Posts the content height to the parent now and whenever the body's size changes (ResizeObserver);
 * repeated heights are not sent again. Returns a function that stops observing. The target origin is
 * `*` because the height is not sensitive and the LMS origin is not known to the page in advance.
 */
export function fitFrame(win: Window = window): () => void {
  if (win.parent === win) {
    win.document.documentElement.dataset.frame = 'top';
    return () => undefined;
  }
  win.document.documentElement.dataset.frame = 'embedded';
  let last = 0;
  const send = () => {
    const height = contentHeight(win.document);
    if (height <= 0 || height === last) return;
    last = height;
    const msg: FrameResizeMessage = { subject: 'lti.frameResize', height };
    win.parent.postMessage(msg, '*');
  };
  const observer = new ResizeObserver(send);
  observer.observe(win.document.body);
  send();
  return () => observer.disconnect();
}
