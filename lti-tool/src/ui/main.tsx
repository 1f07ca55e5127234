import { render } from 'preact';
import { App } from './components/App.js';
import { VerifyBadge } from './components/VerifyBadge.js';
import { fitFrame } from './frame.js';
import { pickLang, setLang, t } from './i18n/index.js';
import './styles.css';

/** Public pages of the same bundle are marked by the server (no session): today the badge verification page. */
const publicPage = document.getElementById('margins-page')?.textContent?.includes('"verify"');

// Until a launch says otherwise, speak the browser's language.
setLang(pickLang(null, navigator.languages));
if (publicPage) document.title = t('verify.title');

render(publicPage ? <VerifyBadge /> : <App />, document.getElementById('app')!);

// Ask the LMS to size its frame to the content, now and whenever the content's height changes.
fitFrame();
