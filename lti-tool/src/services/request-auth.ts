import type { Request, Response } from 'express';
import { AppError } from '@margins/shared';
import { bearer } from '../http/extension-http.js';
import { retryAfter, type RateLimit } from '../http/rate-limits.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { SessionAuth } from '../lti/session.js';
import type { Authenticator } from '../routes/table.js';
import { actorFromLaunch, type Actor } from './actor.js';
import type { CurrentRoles } from './current-roles.js';
import { ExtensionTokens } from './extension-tokens.js';
import type { PairingService } from './pairing-service.js';

/**
 * The credentials the route table accepts, all from the Authorization header (never a cookie, so a
 * cross-site request cannot ride on one): a launch session's bearer token, or a paired browser's
 * access token (which also counts against that browser's per-minute limit).
 */
export class RequestAuth implements Authenticator {
  constructor(
    private readonly d: {
      session: SessionAuth;
      /** Roles as they are now (grants are read per request). */
      roles: CurrentRoles;
      pairing: PairingService;
      /** Requests per paired browser per minute. */
      perDevice: RateLimit;
    },
  ) {}

  async launch(req: Request): Promise<LaunchContext> {
    return this.d.roles.apply(await this.d.session.fromHeader(req.get('authorization')));
  }

  async extension(
    req: Request,
    res: Response,
    allowLaunch: boolean,
  ): Promise<{ actor: Actor; launch: LaunchContext | null }> {
    const token = bearer(req);
    if (!token)
      throw new AppError(
        'unauthenticated',
        allowLaunch ? 'Please sign in again.' : 'Connect this browser to Margins first.',
      );
    if (ExtensionTokens.isAccessToken(token)) {
      const actor = await this.d.pairing.authenticate(token);
      await this.d.perDevice.hit(`device:${actor.deviceId!}`, retryAfter(res));
      return { actor, launch: null };
    }
    if (allowLaunch) {
      const launch = await this.launch(req);
      return { actor: actorFromLaunch(launch), launch };
    }
    throw new AppError(
      'unauthenticated',
      'This part of Margins is for the browser extension. Connect it with a code from your learning platform.',
    );
  }

  actorOf(launch: LaunchContext): Actor {
    return actorFromLaunch(launch);
  }
}
