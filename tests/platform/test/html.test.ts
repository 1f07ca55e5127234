import { describe, expect, it } from 'vitest';
import { autoPostForm, html, parseForm } from '../html.js';

describe('platform HTML helpers', () => {
  it('renders hostile text as text', () => {
    const title = '<script>alert("x")</script> & "quotes"';
    expect(html`<li title="${title}">${title}</li>`.value).toBe(
      '<li title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;</li>',
    );
  });

  it('round-trips an auto-submit form through the driver parser', () => {
    const page = autoPostForm('https://tool.example/launch?x=1', { id_token: 'a.b.c', state: 'q"&<' });
    expect(parseForm(page, 'http://platform.example/auth')).toEqual({
      method: 'POST',
      action: 'https://tool.example/launch?x=1',
      fields: { id_token: 'a.b.c', state: 'q"&<' },
    });
  });

  it('parses the deep-linking form ltijs produces', () => {
    const ltijsForm = `<form id="ltijs_submit" style="display: none;" action="http://127.0.0.1:3/return" method="POST">
  <input type="hidden" name="JWT" value="eyJ.x.y" />
</form>`;
    expect(parseForm(ltijsForm, 'http://127.0.0.1:4/')).toEqual({
      method: 'POST',
      action: 'http://127.0.0.1:3/return',
      fields: { JWT: 'eyJ.x.y' },
    });
  });
});
