import { render } from 'preact';
import { PanelApp } from '../../src/panel/PanelApp';
import { localiseDocument } from '../../src/panel/document';
import '../../src/panel/panel.css';

localiseDocument();
render(<PanelApp />, document.getElementById('app')!);
