import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Response } from 'express';
import { esc, jsonForScript, page } from '../http/html.js';
import { requestLang } from '../http/page-lang.js';
import { htmlCsp } from '../http/middleware.js';
import type { LaunchContext } from '../lti/launch-context.js';
import { filesRoute, type RouteDef } from './table.js';

/** What the UI bundle reads at start: its credential and where the API is. Never put in a URL. */
export interface UiBootstrap {
  token: string;
  apiBase: string;
  expiresAt: string;
}

/**
 * Serves the Preact LMS UI built by vite into dist/ui (assets under /ui/), and renders its shell for
 * a launch with the session credential embedded as JSON, framable only by that launch's platform.
 */
export class UiShell {
  private readonly template: string | null;

  /**
   * `extensionIds`: the Margins extension's Chrome ids; the page may look for their `pair.html`
   * (connect-src) to offer connecting the browser in one click.
   */
  constructor(
    private readonly distDir: string,
    private readonly publicUrl: string,
    private readonly extensionIds: string[] = [],
  ) {
    const index = join(distDir, 'index.html');
    this.template = existsSync(index) ? readFileSync(index, 'utf8') : null;
  }

  /** Static assets of the bundle. */
  routes(): RouteDef[] {
    const files = express.static(this.distDir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=3600'),
    });
    return [filesRoute('/ui', files, 'The LMS UI bundle (scripts, styles)')];
  }

  /** Answers a launch with the app shell. */
  render(res: Response, ctx: LaunchContext, token: string): void {
    const boot: UiBootstrap = { token, apiBase: this.publicUrl, expiresAt: ctx.expiresAt };
    htmlCsp(res, {
      ancestors: ctx.frameAncestors,
      formAction: ctx.deepLinking ? [new URL(ctx.deepLinking.returnUrl).origin] : [],
      connect: this.extensionIds.map((id) => `chrome-extension://${id}`),
    });
    res.setHeader('Cache-Control', 'no-store');
    const bootTag = `<script type="application/json" id="margins-session">${jsonForScript(boot)}</script>`;
    if (!this.template) {
      res
        .type('html')
        .send(
          page(
            'Margins',
            `<h1>Margins</h1><p>Signed in as ${esc(ctx.user.name || 'you')}. The library interface has not been built: run <code>pnpm --filter @margins/lti-tool build</code>.</p>${bootTag}`,
          ),
        );
      return;
    }
    // The shell carries the launch's language from the first byte (the UI confirms it once the session loads).
    const lang = requestLang(res.req, ctx.locale);
    res
      .type('html')
      .send(this.template.replace('<html lang="en">', `<html lang="${lang}">`).replace('</head>', `${bootTag}</head>`));
  }

  /**
   * Answers a public page of the same bundle (no session: the page marker tells the UI which one),
   * e.g. the badge verification page anyone may open.
   */
  renderPublic(res: Response, name: 'verify'): void {
    htmlCsp(res, { ancestors: [] });
    res.setHeader('Cache-Control', 'no-store');
    const tag = `<script type="application/json" id="margins-page">${jsonForScript({ page: name })}</script>`;
    if (!this.template) {
      res
        .type('html')
        .send(
          page(
            'Verify a Margins badge',
            `<h1>Verify a badge</h1><p>The page has not been built: run <code>pnpm --filter @margins/lti-tool build</code>. Meanwhile, POST the credential JSON to /badges/verify.</p>${tag}`,
          ),
        );
      return;
    }
    const lang = requestLang(res.req);
    res
      .type('html')
      .send(this.template.replace('<html lang="en">', `<html lang="${lang}">`).replace('</head>', `${tag}</head>`));
  }
}
