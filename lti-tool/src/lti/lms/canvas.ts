import { isInstitutionAdmin } from '../roles.js';
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
    // Tool-level custom parameters reach every launch, module and editor links included (only
    // per-placement ones would be lost there).
    return { 'https://canvas.instructure.com/lti/privacy_level': 'name_only', custom_parameters: CANVAS_TOOL_CUSTOM };
  },
  registrationMessages(urls, toolName) {
    return PLACEMENT_MESSAGES.map(({ placement, type }) => ({
      type,
      target_link_uri: urls.launch,
      label: toolName,
      icon_uri: urls.icon,
      placements: [placement],
      custom_parameters: { [PLACEMENT_PARAM]: placement },
      // Students never see a Margins tab: "admins" is teachers and admins in a course (Canvas's
      // lti/visibility message setting, app/models/lti/ims/registration.rb).
      ...(placement === 'course_navigation' ? { [CANVAS_VISIBILITY]: 'admins' } : {}),
    }));
  },
  // Canvas sends institution Administrator to an admin of any sub-account; only the root account's
  // admins run the district ($Canvas.user.isRootAccountAdmin, lib/lti/variable_expander.rb).
  isDistrictAdmin: ({ roles, placement, custom }) =>
    placement === 'account_navigation' &&
    roles.some(isInstitutionAdmin) &&
    (custom[ROOT_ADMIN_PARAM] === true || custom[ROOT_ADMIN_PARAM] === 'true'),
  // Canvas never sends accept_lineitem (lib/lti/messages/deep_linking_request.rb), yet makes an assignment
  // from a content item's lineItem in link selection (app/controllers/lti/ims/concerns/
  // deep_linking_modules.rb, ALLOW_LINE_ITEM_PLACEMENTS; Margins registers no other of those placements).
  lineItemWithoutAccept: (placement) => placement === 'link_selection',
  whereTeachersFindIt:
    'Teachers find Margins in their course navigation; district admins in the account navigation (Admin > your account).',
};

/** A course's sub-account: the usual home of a school in a district's Canvas account tree. */
const CANVAS_SCHOOL = '$Canvas.account.id';
/** Custom parameter carrying Canvas's answer to "is this person an admin of the root account?". */
export const ROOT_ADMIN_PARAM = 'margins_root_admin';
const CANVAS_TOOL_CUSTOM = { [SCHOOL_PARAM]: CANVAS_SCHOOL, [ROOT_ADMIN_PARAM]: '$Canvas.user.isRootAccountAdmin' };
const CANVAS_VISIBILITY = 'https://canvas.instructure.com/lti/visibility';

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
            custom_fields: { [PLACEMENT_PARAM]: placement },
            ...(placement === 'course_navigation' ? { visibility: 'admins' } : {}),
            ...(placement === 'editor_button' ? { selection_width: 800, selection_height: 600 } : {}),
          })),
        },
      },
    ],
    custom_fields: CANVAS_TOOL_CUSTOM,
  };
}
