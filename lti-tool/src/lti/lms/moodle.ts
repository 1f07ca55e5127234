import { PLACEMENT_PARAM, type LmsAdapter } from './types.js';

/**
 * Moodle 4.x: placements are not part of its registration; a course adds Margins as an activity
 * (resource link) or picks content through deep linking (ContentItemSelectionRequest in its UI).
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
};

/** Any other LTI 1.3 platform: the standard messages, no product extensions. */
export const genericAdapter: LmsAdapter = { ...moodleAdapter, product: 'other' };
