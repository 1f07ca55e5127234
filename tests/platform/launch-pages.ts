/**
 * Browser pages that launch a tool the way Canvas and Moodle do: a course page that embeds the tool in an
 * iframe, posts the OIDC login initiation into it, and provides the LTI platform-storage frame on the
 * platform origin (so launches work with third-party cookies blocked). Also the dynamic-registration page
 * an admin uses to install a tool, and the demo's launch buttons.
 */
import express, { type Response, type Router } from 'express';
import { decodeJwt } from 'jose';
import { html, page, type Raw } from './html.js';
import { sessionCookie, sessionUser } from './oidc.js';
import { issueRegistrationToken } from './registration.js';
import { lmsHeader } from './layout.js';
import type { PendingLaunch, PlatformState } from './state.js';
import type { LaunchOptions, Placement, PlatformProduct, ToolRegistration } from './types.js';

/** Name of the platform-storage frame, sent as lti_storage_target (Canvas uses the same name). */
export const STORAGE_FRAME = 'post_message_forwarding';

/** Origins a tool's pages are served from (the only senders the storage frame answers). */
export function toolOrigins(tool: ToolRegistration): string[] {
  const urls = [tool.oidcLoginUrl, tool.targetLinkUri, tool.deepLinkingUrl, ...tool.redirectUris].filter(
    (u): u is string => !!u,
  );
  return [...new Set(urls.map((u) => new URL(u).origin))];
}

/** Registers a browser launch and returns the page that performs it. */
export function launchPagePath(state: PlatformState, opts: LaunchOptions): string {
  const launch = state.prepareLaunch({ ...opts, storageTarget: opts.storageTarget ?? STORAGE_FRAME });
  return `/launch/${launch.id}`;
}

function courseNav(state: PlatformState, launch: PendingLaunch, toolName: string): Raw {
  if (!launch.course) {
    return html`<nav aria-label="Account">
      <ul>
        <li><a href="/">Dashboard</a></li>
        <li><span>Courses</span></li>
        <li><a href="#main" aria-current="page">${toolName}</a></li>
      </ul>
    </nav>`;
  }
  const href = `/courses/${encodeURIComponent(launch.course)}`;
  return html`<nav aria-label="Course">
    <ul>
      <li><a href="${href}">Home</a></li>
      <li><a href="${href}#content">Modules</a></li>
      <li><a href="${href}#people">People</a></li>
      <li>
        <a href="#main" ${launch.placement === 'course_navigation' ? html`aria-current="page"` : ''}>${toolName}</a>
      </li>
    </ul>
  </nav>`;
}

function launchHeading(state: PlatformState, launch: PendingLaunch, toolName: string): string {
  const where = launch.course ? state.roster.course(launch.course).title : 'Account';
  const placement: Record<Placement, string> = {
    course_navigation: `${toolName} · ${where}`,
    account_navigation: `${toolName} · District administration`,
    editor_button: `Insert content from ${toolName} · ${where}`,
    link_selection: `Add a ${toolName} link · ${where}`,
  };
  return placement[launch.placement];
}

function renderLaunchPage(state: PlatformState, launch: PendingLaunch): string {
  const tool = state.tool(launch.clientId);
  const toolName = tool.name ?? 'the tool';
  const params = state.loginInitiation(launch);
  const frame = html`<iframe
    class="tool-frame"
    id="tool_frame"
    name="tool_frame"
    title="${toolName}"
    allow="clipboard-write; fullscreen"
  ></iframe>`;
  const editor = launch.placement === 'editor_button';
  const body = html`${lmsHeader(state, launch.user)}
    <div class="course">
      ${courseNav(state, launch, toolName)}
      <main class="content" id="main">
        <h1>${launchHeading(state, launch, toolName)}</h1>
        <p id="launch_status" role="status">Opening ${toolName}…</p>
        ${
          editor
            ? html`<div class="editor">
                <div class="toolbar" aria-hidden="true">Rich content editor · B I U · Link · Image · ${toolName}</div>
                ${frame}
              </div>`
            : frame
        }
        <form id="launch_form" method="post" action="${tool.oidcLoginUrl}" target="tool_frame">
          ${Object.entries(params).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
          <noscript><button type="submit">Open ${toolName}</button></noscript>
        </form>
        ${launch.storageTarget === STORAGE_FRAME ? html`<iframe class="storage-frame" name="${STORAGE_FRAME}" title="Platform storage for ${toolName}" src="/lti/post_message_forwarding?client_id=${encodeURIComponent(tool.clientId)}" tabindex="-1" aria-hidden="true"></iframe>` : ''}
      </main>
    </div>`;
  return page({
    title: launchHeading(state, launch, toolName),
    platformName: state.name,
    body,
    scripts: ['/assets/lti-messages.js'],
  }).replace(
    '<body>',
    html`<body
      data-role="launch"
      data-storage-frame="${STORAGE_FRAME}"
      data-tool-origins="${JSON.stringify(toolOrigins(tool))}"
    ></body>`.value,
  );
}

function notFound(state: PlatformState, res: Response, message: string): void {
  res
    .status(404)
    .type('html')
    .send(
      page({
        title: 'Not found',
        platformName: state.name,
        body: html`${lmsHeader(state)}
          <main class="narrow" id="main">
            <h1>Not found</h1>
            <p role="alert">${message}</p>
            <p><a href="/">Back to the dashboard</a></p>
          </main>`,
      }),
    );
}

/** Routes of the launch page, the storage frame, the demo launch buttons and tool installation. */
export function launchPageRoutes(state: PlatformState): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  // Opening a launch link signs its user in: this platform has no password page, the link is the login.
  router.get('/launch/:id', (req, res) => {
    const launch = state.pendingLaunch(String(req.params.id));
    if (!launch) return notFound(state, res, 'This launch link has expired. Start it again from the dashboard.');
    res.set('Set-Cookie', sessionCookie(state, state.createSession(launch.user)));
    res.set('Cache-Control', 'no-store').type('html').send(renderLaunchPage(state, launch));
  });

  router.get('/lti/post_message_forwarding', (req, res) => {
    const tool = state.tools.get(typeof req.query.client_id === 'string' ? req.query.client_id : '');
    const origins = tool ? toolOrigins(tool) : [];
    res.type('html').send(
      page({
        title: 'Platform storage',
        platformName: state.name,
        body: html`<p>Platform storage for LTI tools.</p>`,
        scripts: ['/assets/lti-messages.js'],
      }).replace(
        '<body>',
        html`<body
          data-role="storage"
          data-storage-frame="${STORAGE_FRAME}"
          data-tool-origins="${JSON.stringify(origins)}"
        ></body>`.value,
      ),
    );
  });

  router.post('/demo/launch', form, (req, res) => {
    const origin = req.headers.origin;
    if (origin && origin !== new URL(state.url).origin) {
      res.status(403).send('Cross-site launch requests are refused.');
      return;
    }
    const b = req.body as Record<string, string>;
    try {
      const path = launchPagePath(state, {
        clientId: b.client_id ?? '',
        user: b.user ?? sessionUser(state, req) ?? '',
        course: b.course || undefined,
        placement: (b.placement || undefined) as Placement | undefined,
        resourceLinkId: b.resource_link_id || undefined,
        targetLinkUri: b.target_link_uri || undefined,
      });
      res.redirect(303, path);
    } catch (err) {
      notFound(state, res, (err as Error).message);
    }
  });

  router.get('/admin/register', async (req, res) => {
    const toolUrl = typeof req.query.url === 'string' ? req.query.url : '';
    const product: PlatformProduct = req.query.product === 'moodle' ? 'moodle' : 'canvas';
    if (!URL.canParse(toolUrl) || !/^https?:$/.test(new URL(toolUrl).protocol))
      return notFound(state, res, 'Enter the http(s) registration address the tool gave you.');
    const token = await issueRegistrationToken(state, product);
    const jti = String(decodeJwt(token).jti);
    const target = new URL(toolUrl);
    const config = new URL(`${state.endpoints.openidConfiguration}?product=${product}`);
    // Canvas frames the registration on the district's own host while its OpenID configuration lives on
    // canvas.instructure.com (instructure/canvas-lms:doc/api/registration.md, "Canvas OpenID
    // Configuration"): on loopback, the other name of this machine plays that second host.
    if (product === 'canvas' && LOOPBACK_TWIN[req.hostname]) config.hostname = LOOPBACK_TWIN[req.hostname]!;
    target.searchParams.set('openid_configuration', config.toString());
    target.searchParams.set('registration_token', token);
    const body = html`${lmsHeader(state)}
      <main class="content" id="main">
        <h1>Install a tool</h1>
        <p>The tool's own installation page is shown below. When it finishes, this page shows the result.</p>
        <iframe class="tool-frame" id="tool_frame" title="Tool installation" src="${target.toString()}"></iframe>
      </main>`;
    res
      .type('html')
      .send(
        page({ title: 'Install a tool', platformName: state.name, body, scripts: ['/assets/lti-messages.js'] }).replace(
          '<body>',
          html`<body
            data-role="launch"
            data-close-url="/admin/register/done?token=${encodeURIComponent(jti)}"
            data-tool-origins="${JSON.stringify([target.origin])}"
          ></body>`.value,
        ),
      );
  });

  router.get('/admin/register/done', (req, res) => {
    const token = state.registrationTokens.get(typeof req.query.token === 'string' ? req.query.token : '');
    const tool = token?.clientId ? state.tools.get(token.clientId) : undefined;
    const body = tool
      ? html`<h1>${tool.name} is installed</h1>
          <p role="status">
            Client ID <code>${tool.clientId}</code>, deployment <code>${tool.deploymentIds[0]}</code>.
          </p>`
      : html`<h1>The tool was not installed</h1>
          <p role="alert">The tool closed its installation page without registering.</p>`;
    res.type('html').send(
      page({
        title: 'Install a tool',
        platformName: state.name,
        body: html`${lmsHeader(state)}
          <main class="narrow" id="main">
            ${body}
            <p><a href="/">Back to the dashboard</a></p>
          </main>`,
      }),
    );
  });
  return router;
}

/** The other loopback name of this machine (both reach the platform's server, as different sites). */
const LOOPBACK_TWIN: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };
