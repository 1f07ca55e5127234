import { startLoader } from '../src/annotator/loader';

// Registered at run time only for sites the teacher enabled (src/background/site-service.ts),
// never declared for all sites in the manifest. An unlisted script rather than a WXT content
// script, so that it bundles no extension-API wrapper: it must cost a page almost nothing.
export default defineUnlistedScript(() => startLoader(window));
