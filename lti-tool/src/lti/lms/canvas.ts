import {
  PLACEMENT_MESSAGES,
  PLACEMENT_PARAM,
  SCHOOL_PARAM,
  TOOL_SCOPES,
  type LmsAdapter,
  type ToolUrls,
} from './types.js';

/**
 * Canvas: placements and privacy level travel as Canvas extensions, both in Dynamic Registration
 * (https://canvas.instructure.com/lti/... fields) and in the developer-key JSON configuration.
 * Privacy "name_only": Margins needs a name to credit authors, never an email.
 */
export const canvasAdapter: LmsAdapter = {
  product: 'canvas',
  placementClaim: 'https://www.instructure.com/placement',
  registrationExtras() {
    return { 'https://canvas.instructure.com/lti/privacy_level': 'name_only' };
  },
  registrationMessages(urls, toolName) {
    return PLACEMENT_MESSAGES.map(({ placement, type }) => ({
      type,
      target_link_uri: urls.launch,
      label: toolName,
      icon_uri: urls.icon,
      placements: [placement],
      custom_parameters: { [PLACEMENT_PARAM]: placement, [SCHOOL_PARAM]: CANVAS_SCHOOL },
    }));
  },
};

/** A course's sub-account: the usual home of a school in a district's Canvas account tree. */
const CANVAS_SCHOOL = '$Canvas.account.id';

/** The Canvas developer-key JSON configuration (Canvas "Enter URL" / "Paste JSON" LTI 1.3 key). */
export function canvasDeveloperKeyJson(urls: ToolUrls, toolName: string, description: string): Record<string, unknown> {
  const domain = new URL(urls.base).host;
  return {
    title: toolName,
    description,
    oidc_initiation_url: urls.login,
    target_link_uri: urls.launch,
    public_jwk_url: urls.keys,
    scopes: TOOL_SCOPES,
    extensions: [
      {
        platform: 'canvas.instructure.com',
        domain,
        tool_id: 'margins',
        privacy_level: 'name_only',
        settings: {
          text: toolName,
          icon_url: urls.icon,
          placements: PLACEMENT_MESSAGES.map(({ placement, type }) => ({
            placement,
            message_type: type,
            target_link_uri: urls.launch,
            text: toolName,
            icon_url: urls.icon,
            custom_fields: { [PLACEMENT_PARAM]: placement, [SCHOOL_PARAM]: CANVAS_SCHOOL },
            ...(placement === 'editor_button' ? { selection_width: 800, selection_height: 600 } : {}),
          })),
        },
      },
    ],
    custom_fields: {},
  };
}
