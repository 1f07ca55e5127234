import { render } from 'preact';
import { App } from './components/App.js';
import { VerifyBadge } from './components/VerifyBadge.js';
import './styles.css';

/** Public pages of the same bundle are marked by the server (no session): today the badge verification page. */
const publicPage = document.getElementById('margins-page')?.textContent?.includes('"verify"');

if (publicPage) document.title = 'Verify a badge · Margins';

render(publicPage ? <VerifyBadge /> : <App />, document.getElementById('app')!);
