import { browser } from 'wxt/browser';
import { startBackground } from '../src/background/main';

// The background script only wires: all logic lives in src/background (see its README).
export default defineBackground({ type: 'module', main: () => void startBackground(browser) });
