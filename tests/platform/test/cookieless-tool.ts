/**
 * A minimal tool that launches without any cookie, keeping its OIDC state and nonce in the platform's
 * storage through the LTI client-side postMessage API (the 1EdTech reference flow): its login page asks
 * the platform for lti.capabilities, stores state and nonce with lti.put_data in the named storage frame,
 * then sends the browser to the platform; its launch page verifies the id_token signature on the server
 * and checks state and nonce with lti.get_data in the browser. It also sets a probe cookie to show
 * whether the browser really blocks third-party cookies. A test double for browser tests only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { escapeHtml } from '../html.js';

/** Where the platform lives, for the tool. */
export interface CookielessToolPlatform {
  issuer: string;
  authorizationEndpoint: string;
  jwksUrl: string;
  clientId?: string;
}

const CLIENT_SCRIPT = `
function ltiSend(target, msg, origin) {
  return new Promise(function (resolve, reject) {
    var id = 'm-' + Math.random().toString(36).slice(2);
    msg.message_id = id;
    function onMessage(e) {
      if (!e.data || e.data.message_id !== id || e.data.subject !== msg.subject + '.response') return;
      window.removeEventListener('message', onMessage);
      if (e.data.error) reject(new Error(e.data.error.code)); else resolve(e.data);
    }
    window.addEventListener('message', onMessage);
    target.postMessage(msg, origin);
    setTimeout(function () { reject(new Error('timeout ' + msg.subject)); }, 5000);
  });
}
async function ltiStorage(subject, platformOrigin) {
  var caps = await ltiSend(window.parent, { subject: 'lti.capabilities' }, '*');
  var entry = caps.supported_messages.find(function (m) { return m.subject === subject; });
  if (!entry) throw new Error('platform storage not offered');
  var frame = entry.frame ? window.parent.frames[entry.frame] : window.parent;
  return function (fields) { return ltiSend(frame, Object.assign({ subject: subject }, fields), platformOrigin); };
}
function report(result) { document.body.setAttribute('data-result', result); document.getElementById('out').textContent = result; }
`;

function pageHtml(script: string, data: Record<string, string>): string {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escapeHtml(v)}"`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cookieless tool</title></head>
<body${attrs}><p id="out" role="status">Working…</p><script>${CLIENT_SCRIPT}
(async function () { var d = document.body.dataset; try { ${script} } catch (e) { report('error: ' + e.message); } })();
</script></body></html>`;
}

/** Starts the cookieless tool on 127.0.0.1. */
export async function startCookielessTool(platform: CookielessToolPlatform) {
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwks = createRemoteJWKSet(new URL(platform.jwksUrl));
  const platformOrigin = new URL(platform.authorizationEndpoint).origin;

  app.all('/login', express.urlencoded({ extended: false }), (req, res) => {
    const p = { ...req.query, ...req.body } as Record<string, string>;
    const auth = new URL(platform.authorizationEndpoint);
    const state = randomBytes(16).toString('hex');
    const nonce = randomBytes(16).toString('hex');
    Object.entries({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: p.client_id ?? '',
      redirect_uri: `${url}/launch`,
      login_hint: p.login_hint ?? '',
      lti_message_hint: p.lti_message_hint ?? '',
      state,
      nonce,
    }).forEach(([k, v]) => auth.searchParams.set(k, v));
    // A third-party cookie, to see whether the browser sends it back on the launch.
    res.set('Set-Cookie', 'tool_probe=1; Path=/; SameSite=None; Secure');
    res.type('html').send(
      pageHtml(
        `if (!d.storageTarget) return report('no lti_storage_target');
         var put = await ltiStorage('lti.put_data', d.platformOrigin);
         await put({ key: 'state_' + d.state, value: d.state });
         await put({ key: 'nonce_' + d.nonce, value: d.nonce });
         window.location.assign(d.auth);`,
        { storageTarget: p.lti_storage_target ?? '', platformOrigin, state, nonce, auth: auth.toString() },
      ),
    );
  });

  app.post('/launch', express.urlencoded({ extended: false }), async (req, res) => {
    const cookieSeen = /(?:^|;\s*)tool_probe=1/.test(req.headers.cookie ?? '') ? 'yes' : 'no';
    try {
      const { payload } = await jwtVerify(String(req.body.id_token ?? ''), jwks, {
        issuer: platform.issuer,
        ...(platform.clientId ? { audience: platform.clientId } : {}),
      });
      res.type('html').send(
        pageHtml(
          `var get = await ltiStorage('lti.get_data', d.platformOrigin);
           var s = await get({ key: 'state_' + d.state });
           var n = await get({ key: 'nonce_' + d.nonce });
           report(s.value === d.state && n.value === d.nonce ? 'verified ' + d.name : 'state or nonce not found');`,
          {
            platformOrigin,
            state: String(req.body.state ?? ''),
            nonce: typeof payload.nonce === 'string' ? payload.nonce : '',
            name: typeof payload.name === 'string' ? payload.name : '',
            cookieSeen,
          },
        ),
      );
    } catch (err) {
      res
        .status(401)
        .type('html')
        .send(pageHtml(`report(d.error);`, { error: `invalid id_token: ${(err as Error).message}`, cookieSeen }));
    }
  });

  // Dynamic registration, server side, ending with the close message (LTI DR 1.0 section 3.6).
  app.get('/register', async (req, res) => {
    const config = (await (await fetch(req.query.openid_configuration as string)).json()) as {
      registration_endpoint: string;
    };
    const registered = await fetch(config.registration_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${req.query.registration_token as string}`,
      },
      body: JSON.stringify({
        application_type: 'web',
        response_types: ['id_token'],
        grant_types: ['implicit', 'client_credentials'],
        initiate_login_uri: `${url}/login`,
        redirect_uris: [`${url}/launch`],
        client_name: 'Cookieless tool',
        jwks_uri: `${url}/jwks`,
        token_endpoint_auth_method: 'private_key_jwt',
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          domain: new URL(url).host,
          target_link_uri: `${url}/launch`,
          messages: [{ type: 'LtiResourceLinkRequest', placements: ['course_navigation'] }],
        },
      }),
    });
    res
      .status(registered.ok ? 200 : 400)
      .type('html')
      .send(
        '<p>Installed.</p><script>(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");</script>',
      );
  });

  return {
    url,
    registerUrl: `${url}/register`,
    loginUrl: `${url}/login`,
    launchUrl: `${url}/launch`,
    jwksUrl: `${url}/jwks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
