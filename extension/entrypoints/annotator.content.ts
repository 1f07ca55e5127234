import { startAnnotator } from '../src/annotator/start';

// Registered at run time only for sites the teacher enabled, or injected once via activeTab
// (src/background/site-service.ts); never declared for all sites in the manifest.
export default defineContentScript({
  registration: 'runtime',
  main() {
    startAnnotator(window);
  },
});
