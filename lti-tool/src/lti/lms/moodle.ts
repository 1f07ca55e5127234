import { isInstitutionAdmin } from '../roles.js';
import { PLACEMENT_PARAM, type LmsAdapter } from './types.js';

/**
 * Moodle 5.1: placements are not part of its registration; a course adds Margins as an activity from
 * the activity chooser (resource link) or picks content through deep linking. Moodle has no
 * account-level placement and sends no per-message custom parameters, so it adds the institution and
 * system Administrator roles to every launch of a site admin (mod/lti/locallib.php, lti_get_ims_role):
 * those reach the district views from any Margins activity.
 */
export const moodleAdapter: LmsAdapter = {
  product: 'moodle',
  registrationExtras() {
    return {};
  },
  registrationMessages(urls, toolName) {
    return [
      {
        type: 'LtiResourceLinkRequest',
        target_link_uri: urls.launch,
        label: toolName,
        custom_parameters: { [PLACEMENT_PARAM]: 'course_navigation' },
      },
      {
        type: 'LtiDeepLinkingRequest',
        target_link_uri: urls.launch,
        label: toolName,
        custom_parameters: { [PLACEMENT_PARAM]: 'link_selection' },
      },
    ];
  },
  isDistrictAdmin: ({ roles }) => roles.some(isInstitutionAdmin),
  whereTeachersFindIt:
    'Activate it under Site administration > Plugins > Activity modules > External tool > Manage tools; teachers then add Margins to a course from the activity chooser (Add an activity or resource).',
  // Moodle's lti_message_hint is {"cmid": …, "launchid": …} and works once (mod/lti/auth.php); its
  // activity page mod/lti/launch.php?id=<cmid> starts a new launch. Moodle's issuer is its wwwroot.
  relaunchUrl({ issuer, messageHint }) {
    try {
      const cmid = (JSON.parse(messageHint ?? '') as { cmid?: unknown }).cmid;
      const base = new URL(issuer);
      if (!/^https?:$/.test(base.protocol) || !/^\d{1,12}$/.test(String(cmid))) return null;
      return `${base.origin}${base.pathname.replace(/\/$/, '')}/mod/lti/launch.php?id=${String(cmid)}`;
    } catch {
      return null;
    }
  },
};

/** Any other LTI 1.3 platform: the standard messages, no product extensions. */
export const genericAdapter: LmsAdapter = {
  ...moodleAdapter,
  product: 'other',
  relaunchUrl: () => null,
  whereTeachersFindIt: 'Teachers add Margins to a course as an external tool (LTI) activity or link.',
  // Without knowing the product, only an administrator launching from the account level is trusted.
  isDistrictAdmin: ({ roles, placement }) => placement === 'account_navigation' && roles.some(isInstitutionAdmin),
};
