import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, parseOrThrow } from '@margins/shared';
import type { LaunchRepo } from '../data/launch-repo.js';
import type { TenancyRepo } from '../data/tenancy-repo.js';
import { nowIso } from '../data/db.js';
import { adapterFor } from './lms/index.js';
import type { PlatformRegistry } from './platform-registry.js';

/**
 * OIDC login initiation (LTI 1.3 Core 5.1.1; IMS Security Framework 5.1.1.1-2). Replaces ltijs' login
 * step because that step generates a nonce it never stores (so the nonce cannot be bound to the
 * login), cannot answer with the client-side storage page (`lti_storage_target`), and does not check
 * `target_link_uri`. Here every login gets a fresh state and nonce stored together, single use, with
 * a short lifetime, plus a browser-binding secret kept in a cookie and, when the platform offers it,
 * in the platform's postMessage storage.
 */

const LoginParamsSchema = z.object({
  iss: z.url({ error: 'The login request has no valid issuer (iss).' }).max(500),
  login_hint: z.string({ error: 'The login request has no login_hint.' }).min(1).max(2000),
  target_link_uri: z.url({ error: 'The login request has no valid target_link_uri.' }).max(2000),
  client_id: z.string().min(1).max(200).optional(),
  lti_message_hint: z.string().max(4000).optional(),
  lti_deployment_id: z.string().max(255).optional(),
  lti_storage_target: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'The storage target is not a frame name.')
    .optional(),
});

/** Name of the cookie that binds a login to the browser that started it. */
export function stateCookieName(state: string): string {
  return `margins_state_${state.slice(0, 16)}`;
}

/** SHA-256 hex of a binding secret. */
export function hashBinding(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What the login route answers: a redirect to the platform, possibly through the storage page. */
export interface LoginStart {
  authUrl: string;
  state: string;
  binding: string;
  storageTarget: string | null;
  /** Origin of the platform frame that holds client-side storage (the OIDC auth endpoint's origin). */
  platformOrigin: string;
  maxAgeSeconds: number;
}

/** Starts logins. */
export class LoginService {
  constructor(
    private readonly deps: {
      registry: PlatformRegistry;
      tenancy: TenancyRepo;
      launches: LaunchRepo;
      launchUrl: string;
      stateMaxAgeSeconds: number;
    },
  ) {}

  /** Validates the initiation request and records the login; throws AppError for bad requests. */
  async start(raw: Record<string, unknown>): Promise<LoginStart> {
    const p = parseOrThrow(LoginParamsSchema, raw, 'The login request', 'launch_malformed');
    if (stripQuery(p.target_link_uri) !== this.deps.launchUrl) {
      throw new AppError(
        'launch_malformed',
        "The login request asks to open an address that is not Margins' launch address (target_link_uri).",
      );
    }
    let clientId = p.client_id;
    if (!clientId) {
      const tenants = await this.deps.tenancy.tenantsByIssuer(p.iss);
      if (tenants.length !== 1)
        throw new AppError(
          'launch_malformed',
          'The login request has no client_id, and this platform has several registrations, so Margins cannot tell which one to use.',
        );
      clientId = tenants[0]!.client_id;
    }
    const platform = await this.deps.registry.platform(p.iss, clientId);
    if (!platform)
      throw new AppError(
        'launch_invalid',
        'This learning platform is not registered with Margins. Ask your district admin to install it.',
      );

    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const binding = randomBytes(24).toString('base64url');
    const now = Date.now();
    await this.deps.launches.saveLogin({
      state,
      nonce,
      issuer: p.iss,
      client_id: clientId,
      target_link_uri: p.target_link_uri,
      storage_target: p.lti_storage_target ?? null,
      binding_hash: hashBinding(binding),
      created_at: nowIso(),
      expires_at: new Date(now + this.deps.stateMaxAgeSeconds * 1000).toISOString(),
      consumed_at: null,
      relaunch_url:
        adapterFor(platform.product).relaunchUrl?.({ issuer: p.iss, messageHint: p.lti_message_hint }) ?? null,
    });

    const auth = new URL(platform.authEndpoint);
    const q: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: clientId,
      redirect_uri: this.deps.launchUrl,
      login_hint: p.login_hint,
      state,
      nonce,
    };
    if (p.lti_message_hint) q.lti_message_hint = p.lti_message_hint;
    for (const [k, v] of Object.entries(q)) auth.searchParams.set(k, v);
    return {
      authUrl: auth.toString(),
      state,
      binding,
      storageTarget: p.lti_storage_target ?? null,
      platformOrigin: auth.origin,
      maxAgeSeconds: this.deps.stateMaxAgeSeconds,
    };
  }
}

function stripQuery(u: string): string {
  const url = new URL(u);
  url.search = '';
  url.hash = '';
  return url.toString();
}
