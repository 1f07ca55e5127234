import type { Viewer } from '../data/visibility.js';
import type { LaunchContext } from '../lti/launch-context.js';

/**
 * Who is acting on a sharing endpoint, whichever credential they came with: an LMS launch session
 * (the LMS UI) or a paired browser's access token (the extension). Services see only this.
 */
export interface Actor extends Viewer {
  userName: string;
  tenantName: string;
  /** The course the launch (or the pairing) came from, for "course" visibility. */
  courseTitle: string | null;
  via: 'launch' | 'extension';
  /** The paired browser, for extension calls. */
  deviceId: string | null;
}

/** The actor of an LMS launch session. */
export function actorFromLaunch(ctx: LaunchContext): Actor {
  return {
    tenantId: ctx.tenant.id,
    tenantName: ctx.tenant.name,
    userId: ctx.user.id,
    userName: ctx.user.name,
    contextPk: ctx.course?.id ?? null,
    courseTitle: ctx.course?.title ?? null,
    via: 'launch',
    deviceId: null,
  };
}
