import { AppError } from '@margins/shared';
import type { LaunchContext } from './launch-context.js';
import type { LtijsProviderWrapper } from './ltijs-provider.js';

/** One content item Margins sends back: a resource link that opens a practice or a collection (Deep Linking 2.0, 3.1). */
export interface LinkItem {
  title: string;
  text?: string;
  url: string;
  custom: Record<string, string>;
  /** Asks the platform for a gradebook column bound to this link (DL 2.0 3.1 lineItem); sent only where accepted. */
  lineItem?: { label: string; scoreMaximum: number; resourceId: string; tag: string };
}

/**
 * Builds the signed LtiDeepLinkingResponse for a deep-linking launch (Deep Linking 2.0, 4.5). The
 * JWT is signed by ltijs with the tool's key for that platform; the UI posts it to `returnUrl` as
 * the `JWT` form field.
 */
export class DeepLinkingResponder {
  constructor(private readonly provider: LtijsProviderWrapper) {}

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
    const chosen = dl.acceptMultiple ? items : items.slice(0, 1);
    const contentItems = chosen.map((i) => ({
      type: 'ltiResourceLink',
      title: i.title,
      ...(i.text ? { text: i.text } : {}),
      url: i.url,
      custom: i.custom,
      ...(i.lineItem && dl.acceptLineItem ? { lineItem: i.lineItem } : {}),
    }));
    const jwt = await this.provider.deepLinkingResponse(
      {
        iss: ctx.tenant.issuer,
        clientId: ctx.tenant.clientId,
        deploymentId: ctx.deployment.deploymentId,
        platformContext: {
          deepLinkingSettings: {
            deep_link_return_url: dl.returnUrl,
            accept_types: dl.acceptTypes,
            accept_multiple: dl.acceptMultiple,
            accept_lineitem: dl.acceptLineItem,
            ...(dl.data ? { data: dl.data } : {}),
          },
        },
      },
      contentItems,
      chosen.length === 1 ? `Added "${chosen[0]!.title}" from Margins.` : `Added ${chosen.length} items from Margins.`,
    );
    return { returnUrl: dl.returnUrl, jwt, sent: chosen.length };
  }
}
