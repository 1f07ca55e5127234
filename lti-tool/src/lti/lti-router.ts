import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import { AppError } from '@margins/shared';
import { esc, jsonForScript, page } from '../http/html.js';
import { htmlCsp, htmlRoute, readCookie } from '../http/middleware.js';
import type { LaunchService } from './launch.js';
import type { LaunchContext } from './launch-context.js';
import { canvasDeveloperKeyJson, type ToolUrls } from './lms/index.js';
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

/**
 * The LTI endpoints: OIDC login initiation, launch, the tool's public keyset (JWKS), dynamic
 * registration, the Canvas developer-key JSON and the icon. Raw LTI tokens stay in this folder.
 */
export function ltiRouter(d: LtiRouterDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });

  r.all(LTI_PATHS.login, htmlRoute, form, async (req, res) => {
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
        'Signing in to Margins',
        `<p role="status">Signing you in to Margins…</p><noscript><p>Margins needs JavaScript to sign in from your course.</p></noscript><script type="application/json" id="lti-data">${jsonForScript(data)}</script>`,
        {
          scriptNonce: nonce,
          script: STORE_SCRIPT,
        },
      ),
    );
  });

  r.post(LTI_PATHS.launch, htmlRoute, form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const state = typeof body.state === 'string' ? body.state : '';
    const cookie = state ? readCookie(req, stateCookieName(state)) : undefined;
    const outcome = await d.launch.complete(body, cookie !== undefined && cookie === state);
    if (state)
      res.append(
        'Set-Cookie',
        `${stateCookieName(state)}=; Max-Age=0; Path=${LTI_PATHS.launch}; HttpOnly${d.secureCookies ? '; Secure; SameSite=None; Partitioned' : '; SameSite=Lax'}`,
      );
    if (outcome.kind === 'needs-storage-check') {
      const nonce = randomBytes(16).toString('base64');
      htmlCsp(res, { ancestors: '*', scriptNonce: nonce });
      const data = { target: outcome.storageTarget, origin: outcome.platformOrigin, key: `state_${outcome.state}` };
      res.type('html').send(
        page(
          'Signing in to Margins',
          `<p role="status" id="status">Finishing sign-in…</p>
<form id="continue" method="post" action="${esc(LTI_PATHS.launch)}"><input type="hidden" name="id_token" value="${esc(body.id_token)}"><input type="hidden" name="state" value="${esc(state)}"><input type="hidden" name="lti_storage_binding" value=""></form>
<script type="application/json" id="lti-data">${jsonForScript(data)}</script>`,
          { scriptNonce: nonce, script: VERIFY_SCRIPT },
        ),
      );
      return;
    }
    d.renderApp(res, outcome.context, outcome.token);
  });

  // The tool's public keys (LTI 1.3 Core 6.3): platforms verify deep-linking responses and client assertions with them.
  r.get(LTI_PATHS.keys, async (_req, res) => {
    res.json(await d.keys.keyset());
  });

  r.get(LTI_PATHS.register, htmlRoute, async (req, res) => {
    const q = req.query as Record<string, unknown>;
    try {
      const result = await d.registration.register({
        openidConfiguration: q.openid_configuration,
        registrationToken: q.registration_token,
        installCode: q.install_code,
      });
      const nonce = randomBytes(16).toString('base64');
      htmlCsp(res, { ancestors: '*', scriptNonce: nonce });
      res
        .type('html')
        .send(
          page(
            'Margins is installed',
            `<div class="box ok" role="status"><h1>Margins is installed</h1><p>${esc(d.toolName)} is now registered with ${esc(result.tenant.name)}${result.deploymentId ? ` (deployment ${esc(result.deploymentId)})` : ''}. You can close this window; teachers will find Margins in their course navigation.</p></div><script type="application/json" id="lti-data">${jsonForScript({ origin: result.platformOrigin })}</script>`,
            { scriptNonce: nonce, script: CLOSE_SCRIPT },
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
              'Install code needed - Margins',
              `<div class="box" role="alert"><h1>The install code was not accepted</h1><p>${esc(e.message)}</p></div>
<form method="get" action="${esc(LTI_PATHS.register)}">${hidden}<p><label for="install_code">Install code</label><br><input id="install_code" name="install_code" autocomplete="off" required size="20"></p><p><button type="submit">Register Margins</button></p></form>
<p class="meta">Error code: <code>install_code_invalid</code><br>Request id: <code>${esc(res.locals.requestId)}</code></p>`,
            ),
          );
        return;
      }
      throw e;
    }
  });

  r.get(LTI_PATHS.canvasJson, (_req, res) => {
    res.json(canvasDeveloperKeyJson(d.urls, d.toolName, d.description));
  });

  r.get(LTI_PATHS.icon, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.type('image/svg+xml').send(ICON);
  });

  return r;
}

/** Stores the binding secret in the platform's client-side storage (lti.put_data), then goes to the platform. */
const STORE_SCRIPT = `(function(){var d=JSON.parse(document.getElementById('lti-data').textContent);
var frame=null;try{frame=d.target==='_parent'?window.parent:window.parent.frames[d.target];}catch(err){frame=null;}var id='m'+Math.random().toString(36).slice(2);var done=false;
function go(){if(done)return;done=true;window.location.replace(d.next);}
window.addEventListener('message',function(e){var m=e.data||{};if(m.message_id===id&&m.subject==='lti.put_data.response'&&(d.origin==='*'||e.origin===d.origin))go();});
if(frame){try{frame.postMessage({subject:'lti.put_data',message_id:id,key:d.key,value:d.value},d.origin);}catch(err){}}else{go();}
setTimeout(go,3000);})();`;

/** Reads the binding secret back (lti.get_data) and continues the launch, or explains why it cannot. */
const VERIFY_SCRIPT = `(function(){var d=JSON.parse(document.getElementById('lti-data').textContent);
var frame=null;try{frame=d.target==='_parent'?window.parent:window.parent.frames[d.target];}catch(err){frame=null;}var id='m'+Math.random().toString(36).slice(2);var done=false;
function fail(){if(done)return;done=true;var s=document.getElementById('status');s.setAttribute('role','alert');s.textContent='Your browser blocked the cookie Margins needs to finish signing you in, and your learning platform could not keep it either. Allow cookies for this site, or open Margins in a new tab from your course. (Error code: launch_storage_unavailable)';}
window.addEventListener('message',function(e){var m=e.data||{};if(m.message_id!==id||m.subject!=='lti.get_data.response')return;if(d.origin!=='*'&&e.origin!==d.origin)return;if(done)return;
if(typeof m.value!=='string'||!m.value){fail();return;}done=true;var f=document.getElementById('continue');f.elements.lti_storage_binding.value=m.value;f.submit();});
if(!frame){fail();}else{try{frame.postMessage({subject:'lti.get_data',message_id:id,key:d.key},d.origin);}catch(err){fail();}}
setTimeout(fail,5000);})();`;

/** Tells the platform the registration window can close (LTI DR 1.0, 3.6). */
const CLOSE_SCRIPT = `(function(){var d=JSON.parse(document.getElementById('lti-data').textContent);(window.opener||window.parent).postMessage({subject:'org.imsglobal.lti.close'},d.origin);})();`;
