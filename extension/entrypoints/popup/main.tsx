import { render } from 'preact';
import { PopupApp } from '../../src/popup/PopupApp';
import { localiseDocument } from '../../src/panel/document';
import '../../src/panel/panel.css';

localiseDocument();
render(<PopupApp />, document.getElementById('app')!);
