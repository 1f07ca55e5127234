import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { AppError } from '@margins/shared';
import { esc, jsonForScript, page } from '../http/html.js';
import { htmlCsp, readCookie } from '../http/middleware.js';
import { pageText, requestLang } from '../http/page-lang.js';
import { route, type Handler, type Method, type RouteDef, type RouteOptions } from '../routes/table.js';
import type { LaunchService } from './launch.js';
import type { LaunchContext } from './launch-context.js';
import { adapterFor, canvasDeveloperKeyJson, type ToolUrls } from './lms/index.js';
import { stateCookieName, type LoginService } from './login.js';
import type { RegistrationService } from './registration.js';
import type { ToolKeys } from './tool-keys.js';

/** Paths of the LTI endpoints, relative to the tool's base. */
export const LTI_PATHS = {
  login: '/lti/login',
  launch: '/lti/launch',
  keys: '/lti/keys',
  register: '/lti/register',
  canvasJson: '/lti/canvas.json',
  icon: '/lti/icon.svg',
} as const;

/** Everything the LTI router needs. */
export interface LtiRouterDeps {
  login: LoginService;
  launch: LaunchService;
  registration: RegistrationService;
  keys: ToolKeys;
  urls: ToolUrls;
  toolName: string;
  description: string;
  secureCookies: boolean;
  /** Renders the LMS UI for a launch, with its session credential embedded. */
  renderApp(res: Response, ctx: LaunchContext, token: string): void;
}

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4ed8"/><path d="M9 23V9h3l4 7 4-7h3v14h-3v-9l-4 7-4-7v9z" fill="#fff"/></svg>`;

/** An HTML page that reads a form post (the platform posts to it). */
const FORM_PAGE = { html: true, body: { form: true } } as const;

/**
 * The LTI endpoints: OIDC login initiation, launch, the tool's public keyset (JWKS), dynamic
 * registration, the Canvas developer-key JSON and the icon. Raw LTI tokens stay in this folder.
 */
export function ltiRoutes(d: LtiRouterDeps): RouteDef[] {
  const r: RouteDef[] = [];
  // Public: the platform and the browser call them; their checks are the LTI protocol's (state, nonce, signatures).
  const add = (method: Method, path: string, options: RouteOptions<'public'>, handler: Handler<'public'>) =>
    r.push(route({ method, path, auth: 'public' }, options, handler));

  add('ALL', LTI_PATHS.login, { ...FORM_PAGE, summary: 'OIDC login initiation (LTI 1.3)' }, async (req, res) => {
    const lang = requestLang(req);
    const text = pageText(lang);
    const params = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    const start = await d.login.start(params);
    const secure = d.secureCookies ? '; Secure; SameSite=None; Partitioned' : '; SameSite=Lax';
    res.append(
      'Set-Cookie',
      `${stateCookieName(start.state)}=${start.state}; Max-Age=${start.maxAgeSeconds}; Path=${LTI_PATHS.launch}; HttpOnly${secure}`,
    );
    if (!start.storageTarget) return res.redirect(302, start.authUrl);
    // LTI client-side postMessage storage: keep the binding secret in the platform's frame, then go on.
    const nonce = randomBytes(16).toString('base64');
    htmlCsp(res, { ancestors: '*', scriptNonce: nonce });
    const data = {
      target: start.storageTarget,
      origin: start.platformOrigin,
      key: `state_${start.state}`,
      value: start.binding,
      next: start.authUrl,
    };
    res.type('html').send(
      page(
        text('page.signingIn'),
        `<p role="status">${esc(text('page.signingYouIn'))}</p><noscript><p>${esc(text('page.needsJs'))}</p></noscript><script type="application/json" id="lti-data">${jsonForScript(data)}</script>`,
        {
          scriptNonce: nonce,
          script: STORE_SCRIPT,
          lang,
        },
      ),
    );
  });

  add('POST', LTI_PATHS.launch, { ...FORM_PAGE, summary: 'The launch: opens the LMS UI' }, async (req, res) => {
    const lang = requestLang(req);
    const text = pageText(lang);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const state = typeof body.state === 'string' ? body.state : '';
    const cookie = state ? readCookie(req, stateCookieName(state)) : undefined;
    const outcome = await d.launch.complete(body, cookie !== undefined && cookie === state, {
      origin: req.get('origin'),
      fetchSite: req.get('sec-fetch-site'),
    });
    if (state)
      res.append(
        'Set-Cookie',
        `${stateCookieName(state)}=; Max-Age=0; Path=${LTI_PATHS.launch}; HttpOnly${d.secureCookies ? '; Secure; SameSite=None; Partitioned' : '; SameSite=Lax'}`,
      );
    if (outcome.kind === 'learner') {
      const learnerLang = requestLang(req, outcome.locale);
      const learnerText = pageText(learnerLang);
      htmlCsp(res, { ancestors: '*' });
      res
        .type('html')
        .send(
          page(
            learnerText('page.learner.title'),
            `<div class="box" role="status"><h1>${esc(learnerText('page.learner.title'))}</h1><p>${esc(learnerText('page.learner.body'))}</p></div>`,
            { lang: learnerLang },
          ),
        );
      return;
    }
    if (outcome.kind === 'needs-new-window') {
      htmlCsp(res, { ancestors: '*' });
      res
        .type('html')
        .send(
          page(
            text('page.newWindow.title'),
            `<div class="box" role="status"><h1>${esc(text('page.newWindow.title'))}</h1><p>${esc(text('page.newWindow.body'))}</p><p><a class="button primary" href="${esc(outcome.relaunchUrl)}" target="_blank" rel="noopener">${esc(text('page.newWindow.title'))}</a></p></div>`,
            { lang },
          ),
        );
      return;
    }
    if (outcome.kind === 'needs-storage-check') {
      const nonce = randomBytes(16).toString('base64');
      htmlCsp(res, { ancestors: '*', scriptNonce: nonce });
      // Its same-origin POST must carry our Origin (under no-referrer browsers send "null"); see LaunchService.
      res.setHeader('Referrer-Policy', 'same-origin');
      const data = {
        target: outcome.storageTarget,
        origin: outcome.platformOrigin,
        key: `state_${outcome.state}`,
        failText: text('page.storageBlocked'),
      };
      res.type('html').send(
        page(
          text('page.signingIn'),
          `<p role="status" id="status">${esc(text('page.finishing'))}</p>
<form id="continue" method="post" action="${esc(LTI_PATHS.launch)}"><input type="hidden" name="id_token" value="${esc(body.id_token)}"><input type="hidden" name="state" value="${esc(state)}"><input type="hidden" name="lti_storage_binding" value=""></form>
<script type="application/json" id="lti-data">${jsonForScript(data)}</script>`,
          { scriptNonce: nonce, script: VERIFY_SCRIPT, lang },
        ),
      );
      return;
    }
    d.renderApp(res, outcome.context, outcome.token);
  });

  // The tool's public keys (LTI 1.3 Core 6.3): platforms verify deep-linking responses and client assertions with them.
  add('GET', LTI_PATHS.keys, { summary: "The tool's public keys (JWKS)" }, async (_req, res) => {
    res.json(await d.keys.keyset());
  });

  add('GET', LTI_PATHS.register, { html: true, summary: 'Dynamic registration (install code)' }, async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const lang = requestLang(req);
    const text = pageText(lang);
    try {
      const result = await d.registration.register({
        openidConfiguration: q.openid_configuration,
        registrationToken: q.registration_token,
        installCode: q.install_code,
      });
      const nonce = randomBytes(16).toString('base64');
      htmlCsp(res, { ancestors: '*', scriptNonce: nonce });
      res.type('html').send(
        page(
          text('page.installed.title'),
          `<div class="box ok" role="status"><h1>${esc(text('page.installed.title'))}</h1><p>${esc(
            text(result.deploymentId ? 'page.installed.bodyDeployment' : 'page.installed.body', {
              tool: d.toolName,
              district: result.tenant.name,
              deployment: result.deploymentId ?? '',
            }),
          )} ${esc(adapterFor(result.tenant.product).whereTeachersFindIt)}</p></div>`,
          { scriptNonce: nonce, script: CLOSE_SCRIPT, lang },
        ),
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'install_code_invalid' && typeof q.openid_configuration === 'string') {
        // Offer a form to type the code, keeping the platform's parameters.
        htmlCsp(res, { ancestors: '*' });
        const hidden = ['openid_configuration', 'registration_token']
          .filter((k) => typeof q[k] === 'string')
          .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k])}">`)
          .join('');
        res
          .status(403)
          .type('html')
          .send(
            page(
              text('page.installCode.title'),
              `<div class="box" role="alert"><h1>${esc(text('page.error.install_code_invalid'))}</h1><p>${esc(e.message)}</p></div>
<form method="get" action="${esc(LTI_PATHS.register)}">${hidden}<p><label for="install_code">${esc(text('page.installCode.label'))}</label><br><input id="install_code" name="install_code" autocomplete="off" required size="20"></p><p><button type="submit">${esc(text('page.installCode.submit'))}</button></p></form>
<p class="meta">${esc(text('state.errorCode'))} <code>install_code_invalid</code><br>${esc(text('state.requestId'))} <code>${esc(res.locals.requestId)}</code></p>`,
              { lang },
            ),
          );
        return;
      }
      throw e;
    }
  });

  add('GET', LTI_PATHS.canvasJson, { summary: 'The Canvas developer-key JSON' }, (_req, res) => {
    res.json(canvasDeveloperKeyJson(d.urls, d.toolName, d.description));
  });

  add('GET', LTI_PATHS.icon, { summary: "The tool's icon" }, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.type('image/svg+xml').send(ICON);
  });

  return r;
}

/**
 * Stores the binding secret in the platform's client-side storage (lti.put_data), then goes to the platform.
 * The platform asked for this storage (lti_storage_target), so it should answer; the wait is generous
 * because a busy school laptop answers a cross-site postMessage in seconds, and going on early only
 * turns a slow launch into a failed one (the binding would be missing when the launch reads it back).
 */
const STORE_SCRIPT = `(function(){var d=JSON.parse(document.getElementById('lti-data').textContent);
var frame=null;try{frame=d.target==='_parent'?window.parent:window.parent.frames[d.target];}catch(err){frame=null;}var id='m'+Math.random().toString(36).slice(2);var done=false;
function go(){if(done)return;done=true;window.location.replace(d.next);}
window.addEventListener('message',function(e){var m=e.data||{};if(m.message_id===id&&m.subject==='lti.put_data.response'&&(d.origin==='*'||e.origin===d.origin))go();});
if(frame){try{frame.postMessage({subject:'lti.put_data',message_id:id,key:d.key,value:d.value},d.origin);}catch(err){}}else{go();}
setTimeout(go,10000);})();`;

/** Reads the binding secret back (lti.get_data) and continues the launch, or explains why it cannot. */
const VERIFY_SCRIPT = `(function(){var d=JSON.parse(document.getElementById('lti-data').textContent);
var frame=null;try{frame=d.target==='_parent'?window.parent:window.parent.frames[d.target];}catch(err){frame=null;}var id='m'+Math.random().toString(36).slice(2);var done=false;
function fail(){if(done)return;done=true;var s=document.getElementById('status');s.setAttribute('role','alert');s.textContent=d.failText;}
window.addEventListener('message',function(e){var m=e.data||{};if(m.message_id!==id||m.subject!=='lti.get_data.response')return;if(d.origin!=='*'&&e.origin!==d.origin)return;if(done)return;
if(typeof m.value!=='string'||!m.value){fail();return;}done=true;var f=document.getElementById('continue');f.elements.lti_storage_binding.value=m.value;f.submit();});
if(!frame){fail();}else{try{frame.postMessage({subject:'lti.get_data',message_id:id,key:d.key},d.origin);}catch(err){fail();}}
setTimeout(fail,15000);})();`;

/**
 * Tells the platform the registration window can close (LTI DR 1.0, 3.6), to any origin: the frame's
 * parent is where the admin started (Canvas: the district's own host, not the OpenID configuration's
 * canvas.instructure.com; instructure/canvas-lms:doc/api/registration.md, "Returning the Administrator
 * to Canvas", posts to '*'). The message names only its subject, nothing a stranger could use.
 */
const CLOSE_SCRIPT = `(function(){(window.opener||window.parent).postMessage({subject:'org.imsglobal.lti.close'},'*');})();`;
