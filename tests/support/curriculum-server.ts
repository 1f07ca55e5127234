import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback web server for browser tests and benchmarks, serving curriculum-like pages that a test can change. */
export interface CurriculumServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Serves `html` at `path` (replacing what was there): "the publisher edited the page". */
  setPage(path: string, html: string): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, port 0. Unknown paths answer 404. */
export async function startCurriculumServer(pages: Record<string, string> = {}): Promise<CurriculumServer> {
  const content = new Map(Object.entries(pages));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = content.get(path);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setPage: (path, html) => void content.set(path, html),
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A grade-5 fractions lesson, like a district curriculum page. `extra` is inserted after the first section. */
export function lessonPage(
  opts: { title?: string; extra?: string; withoutPassage?: boolean; hostileCss?: boolean } = {},
): string {
  const passage = opts.withoutPassage
    ? '<p id="p-models">Students practise adding fractions on a number line.</p>'
    : '<p id="p-models">Students add fractions with unlike denominators using area models and fraction strips.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${opts.title ?? 'Lesson 3: Adding fractions'}</title>
${
  opts.hostileCss
    ? `<style>
  * { font-size: 3px !important; color: red !important; background: black !important; display: none; }
  html, body, main, p, h1, h2, li, ul, section { display: block !important; }
  margins-annotator, [class], button, textarea, dialog { display: none !important; visibility: hidden !important; opacity: 0 !important; }
  :root { --mg-accent: red; }
</style>`
    : ''
}
</head>
<body><main>
<h1>Lesson 3: Adding fractions with different denominators</h1>
<section><h2>Learning goal</h2>
<p>By the end of the lesson, students can explain why fractions need a common denominator before they are added.</p>
${opts.extra ?? ''}</section>
<section><h2>Launch (10 minutes)</h2>
${passage}
<p id="p-exit">Close with an exit ticket: 1/2 + 1/3, with a drawing that shows the common unit.</p>
</section>
<section><h2>Practice</h2><ul>
<li>Add 1/4 and 1/8 with fraction strips.</li>
<li>Add 2/3 and 1/6 with an area model.</li>
</ul></section>
</main></body></html>`;
}
