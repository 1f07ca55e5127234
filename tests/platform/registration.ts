/**
 * LTI Dynamic Registration 1.0, platform side: the registration token handed to the tool on initiation,
 * the OpenID configuration document (DR 1.0 section 3.4, shaped like Canvas or Moodle 5.1), and the
 * registration endpoint (section 3.5, RFC 7591) that validates the tool's client metadata with its
 * `https://purl.imsglobal.org/spec/lti-tool-configuration` claim, records the tool and answers with
 * its client_id (and, like Moodle, its deployment_id; Canvas names none).
 */
import express, { type Router } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { ALL_SCOPES, newId, type PlatformState } from './state.js';
import type { PlatformProduct } from './types.js';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'];

/** Canvas placements offered by the Canvas-shaped configuration. */
export const CANVAS_PLACEMENTS = [
  'course_navigation',
  'account_navigation',
  'editor_button',
  'link_selection',
  'assignment_selection',
  'global_navigation',
];

/** Issues a single-use registration token (a JWT signed by the platform, valid one hour). */
export async function issueRegistrationToken(state: PlatformState, product: PlatformProduct): Promise<string> {
  const jti = newId();
  state.registrationTokens.set(jti, { product, used: false });
  return new SignJWT({ product })
    .setProtectedHeader({ alg: 'RS256', kid: state.keys.current.kid })
    .setIssuer(state.issuer)
    .setAudience(state.endpoints.registration)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(state.keys.current.privateKey);
}

/** The OpenID configuration document for one product shape. */
export function openidConfiguration(state: PlatformState, product: PlatformProduct): Record<string, unknown> {
  const e = state.endpoints;
  const common = {
    issuer: state.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: e.jwks,
    registration_endpoint: e.registration,
    scopes_supported: ['openid', ...ALL_SCOPES],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'iat',
      'exp',
      'nonce',
      'name',
      'given_name',
      'family_name',
      'email',
      'locale',
    ],
  };
  if (product === 'canvas') {
    return {
      ...common,
      authorization_server: new URL(e.token).host,
      [PLATFORM_CONFIG]: {
        product_family_code: 'canvas',
        version: 'cloud',
        messages_supported: [
          { type: 'LtiResourceLinkRequest', placements: CANVAS_PLACEMENTS },
          {
            type: 'LtiDeepLinkingRequest',
            placements: ['editor_button', 'link_selection', 'assignment_selection', 'course_navigation'],
          },
        ],
        variables: ['Canvas.course.id', 'Canvas.user.id', 'Canvas.account.id', 'com.instructure.PostMessageToken'],
        'https://canvas.instructure.com/lti/account_name': state.name,
        'https://canvas.instructure.com/lti/account_lti_guid': `${new URL(state.url).host}-canvas`,
      },
    };
  }
  return {
    ...common,
    [PLATFORM_CONFIG]: {
      product_family_code: 'moodle',
      version: '5.1+ (Build: 20251017)',
      messages_supported: [
        { type: 'LtiResourceLinkRequest' },
        { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
      ],
      variables: [
        'basic-lti-launch-request',
        'ContentItemSelectionRequest',
        'ToolProxyRegistrationRequest',
        'Context.id',
        'Context.title',
        'User.id',
        'Person.name.full',
      ],
    },
  };
}

const isUrl = (v: unknown): v is string =>
  typeof v === 'string' && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol);

/** Checks the client metadata (DR 1.0 3.5.1); returns an error sentence or undefined. */
function metadataProblem(b: Record<string, unknown>): string | undefined {
  if (b.application_type !== 'web') return 'application_type must be web';
  if (!Array.isArray(b.response_types) || !b.response_types.includes('id_token'))
    return 'response_types must include id_token';
  if (
    !Array.isArray(b.grant_types) ||
    !b.grant_types.includes('implicit') ||
    !b.grant_types.includes('client_credentials')
  ) {
    return 'grant_types must include implicit and client_credentials';
  }
  if (!isUrl(b.initiate_login_uri)) return 'initiate_login_uri must be an http(s) URL';
  if (!Array.isArray(b.redirect_uris) || !b.redirect_uris.length || !b.redirect_uris.every(isUrl))
    return 'redirect_uris must be a non-empty list of http(s) URLs';
  if (typeof b.client_name !== 'string' || !b.client_name.trim()) return 'client_name is required';
  if (!isUrl(b.jwks_uri)) return 'jwks_uri must be an http(s) URL';
  if (b.token_endpoint_auth_method !== 'private_key_jwt') return 'token_endpoint_auth_method must be private_key_jwt';
  const config = b[TOOL_CONFIG] as Record<string, unknown> | undefined;
  if (!config || typeof config !== 'object') return `${TOOL_CONFIG} is required`;
  if (typeof config.domain !== 'string' || !config.domain) return 'the tool configuration needs a domain';
  if (!isUrl(config.target_link_uri)) return 'the tool configuration needs a target_link_uri URL';
  const domain = config.domain.toLowerCase();
  const inDomain = (u: string) => {
    const url = new URL(u);
    return url.host === domain || url.hostname === domain || url.hostname.endsWith(`.${domain}`);
  };
  for (const u of [b.initiate_login_uri, config.target_link_uri, ...b.redirect_uris]) {
    if (!inDomain(u)) return `${u} is not in the tool's domain ${domain}`;
  }
  const messages = config.messages ?? [];
  if (!Array.isArray(messages)) return 'messages must be a list';
  for (const m of messages as Array<Record<string, unknown>>) {
    if (!m || !MESSAGE_TYPES.includes(String(m.type))) return `unsupported message type ${String(m?.type)}`;
    if (m.target_link_uri !== undefined && (!isUrl(m.target_link_uri) || !inDomain(m.target_link_uri)))
      return 'a message target_link_uri must be a URL in the domain';
    if (
      m.placements !== undefined &&
      !(Array.isArray(m.placements) && m.placements.every((p) => typeof p === 'string'))
    )
      return 'placements must be a list of names';
  }
  return undefined;
}

/** Routes of the openid configuration and registration endpoints. */
export function registrationRoutes(state: PlatformState): Router {
  const router = express.Router();
  router.get('/api/lti/security/openid-configuration', (req, res) => {
    const product =
      req.query.product === 'moodle' || req.query.product === 'canvas' ? req.query.product : state.product;
    res.json(openidConfiguration(state, product));
  });
  router.get('/api/lti/security/jwks', (_req, res) => {
    res.set('Cache-Control', 'max-age=300').json(state.keys.jwks());
  });

  router.post('/api/lti/registrations', express.json({ limit: '64kb' }), async (req, res) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    let jti: string;
    try {
      const { payload } = await jwtVerify(m?.[1] ?? '', state.keys.current.publicJwk, {
        issuer: state.issuer,
        audience: state.endpoints.registration,
        algorithms: ['RS256'],
      });
      jti = String(payload.jti);
    } catch {
      res.status(401).json({ error: 'invalid_token', error_description: 'a valid registration token is required' });
      return;
    }
    const token = state.registrationTokens.get(jti);
    if (!token || token.used) {
      res.status(401).json({ error: 'invalid_token', error_description: 'the registration token was already used' });
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const problem = metadataProblem(body);
    if (problem) {
      res.status(400).json({ error: 'invalid_client_metadata', error_description: problem });
      return;
    }
    token.used = true;
    const config = body[TOOL_CONFIG] as Record<string, unknown>;
    const messages = (config.messages ?? []) as Array<Record<string, unknown>>;
    const deepLinking = messages.find((msg) => msg.type === 'LtiDeepLinkingRequest');
    const requestedScopes = typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : [];
    const scopes = requestedScopes.filter((s) => ALL_SCOPES.includes(s));
    const registered = state.registerTool({
      name: String(body.client_name),
      deploymentIds: [state.newDeploymentId()],
      oidcLoginUrl: body.initiate_login_uri as string,
      targetLinkUri: config.target_link_uri as string,
      redirectUris: body.redirect_uris as string[],
      jwksUrl: body.jwks_uri as string,
      deepLinkingUrl:
        (deepLinking?.target_link_uri as string | undefined) ??
        (deepLinking ? (config.target_link_uri as string) : undefined),
      scopes,
      custom: (config.custom_parameters ?? {}) as Record<string, string>,
      placements: messages.flatMap((msg) => (Array.isArray(msg.placements) ? (msg.placements as string[]) : [])),
    });
    token.clientId = registered.clientId;
    const response = {
      ...body,
      client_id: registered.clientId,
      scope: scopes.join(' '),
      // Canvas answers with the registration and its client_id only, no deployment_id
      // (instructure/canvas-lms:doc/api/registration.md, "Registration Response"): its deployments appear as the tool is installed
      // in an account or course. Moodle names the deployment it made (its tool type id).
      [TOOL_CONFIG]: token.product === 'canvas' ? config : { ...config, deployment_id: registered.deploymentId },
    };
    state.registrations.set(registered.clientId, { request: body, response });
    res.json(response);
  });
  return router;
}
