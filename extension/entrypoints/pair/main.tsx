import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { dropFragment, listenForHandover, PairApp, type HandoverOutcome } from '../../src/pair/PairApp';
import { localiseDocument } from '../../src/panel/document';
import '../../src/panel/panel.css';

// First of all: a code in the address must leave the address bar and the history.
dropFragment(window);
const framed = window.top !== window.self;

/** Waits for the Margins page that opened this tab to hand over its address and code (never from a frame). */
function Root() {
  const [handover, setHandover] = useState<HandoverOutcome | null>(null);
  useEffect(() => (framed ? undefined : listenForHandover(window, setHandover)), []);
  return <PairApp handover={handover} framed={framed} />;
}

localiseDocument();
render(<Root />, document.getElementById('app')!);
