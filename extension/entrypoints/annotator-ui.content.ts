import { startAnnotator } from '../src/annotator/start';

// The full annotator: never registered, only injected into a tab by the background when the page
// has something to show, the teacher selected text, or Margins was invoked there once (activeTab).
export default defineContentScript({
  registration: 'runtime',
  main() {
    startAnnotator(window);
  },
});
