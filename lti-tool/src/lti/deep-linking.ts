import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '@margins/shared';
import { CLAIM } from './claims.js';
import type { LaunchContext } from './launch-context.js';
import type { PlatformRegistry } from './platform-registry.js';

/** One content item Margins sends back: a resource link that opens a practice or a collection (Deep Linking 2.0, 3.1). */
export interface LinkItem {
  title: string;
  text?: string;
  url: string;
  custom: Record<string, string>;
  /** Asks the platform for a gradebook column bound to this link (DL 2.0 3.1 lineItem); sent only where accepted. */
  lineItem?: { label: string; scoreMaximum: number; resourceId: string; tag: string };
}

/** How long a deep-linking response stays valid: it is posted at once by the page that asked for it. */
const RESPONSE_LIFETIME_SECONDS = 300;

/**
 * Builds the signed LtiDeepLinkingResponse for a deep-linking launch (Deep Linking 2.0, 4.2 and 4.5),
 * signed RS256 with the tool's key for that platform (the kid in our keyset). The UI posts it to
 * `returnUrl` as the `JWT` form field.
 */
export class DeepLinkingResponder {
  constructor(private readonly registry: PlatformRegistry) {}

  /** Throws forbidden unless the launch was a deep-linking request. */
  assertDeepLinking(ctx: LaunchContext): void {
    if (ctx.messageType !== 'LtiDeepLinkingRequest' || !ctx.deepLinking)
      throw new AppError('forbidden', 'This Margins window was not opened to add content to your course.');
  }

  /** The return URL and signed JWT carrying `items` (only types the platform accepts are sent). */
  async respond(ctx: LaunchContext, items: LinkItem[]): Promise<{ returnUrl: string; jwt: string; sent: number }> {
    this.assertDeepLinking(ctx);
    const dl = ctx.deepLinking!;
    if (!dl.acceptTypes.includes('ltiResourceLink'))
      throw new AppError('validation_failed', 'Your learning platform does not accept links to tools here.');
    const signing = await this.registry.signingKey(ctx.tenant.issuer, ctx.tenant.clientId);
    if (!signing) throw new AppError('unavailable', 'This learning platform is no longer registered with Margins.');
    const chosen = dl.acceptMultiple ? items : items.slice(0, 1);
    const contentItems = chosen.map((i) => ({
      type: 'ltiResourceLink',
      title: i.title,
      ...(i.text ? { text: i.text } : {}),
      url: i.url,
      custom: i.custom,
      ...(i.lineItem && dl.acceptLineItem ? { lineItem: i.lineItem } : {}),
    }));
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({
      nonce: randomBytes(16).toString('base64url'),
      [CLAIM.deploymentId]: ctx.deployment.deploymentId,
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deepLinkingContentItems]: contentItems,
      [CLAIM.deepLinkingMsg]:
        chosen.length === 1
          ? `Added "${chosen[0]!.title}" from Margins.`
          : `Added ${chosen.length} items from Margins.`,
      // DL 2.0 4.2: the request's data value comes back unchanged (the platform's handle on this request).
      ...(dl.data ? { [CLAIM.deepLinkingData]: dl.data } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
      .setIssuer(ctx.tenant.clientId)
      .setAudience(ctx.tenant.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + RESPONSE_LIFETIME_SECONDS)
      .sign(signing.key);
    return { returnUrl: dl.returnUrl, jwt, sent: chosen.length };
  }
}
