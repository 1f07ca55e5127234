import { render } from 'preact';
import { PairApp, takeHandover } from '../../src/pair/PairApp';
import { localiseDocument } from '../../src/panel/document';
import '../../src/panel/panel.css';

// The code must leave the address bar (and the history) before anything else happens.
const handover = takeHandover(window);
localiseDocument();
render(<PairApp handover={handover} framed={window.top !== window.self} />, document.getElementById('app')!);
