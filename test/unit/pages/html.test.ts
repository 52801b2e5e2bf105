import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/pages/escape-html.js';
import { Html, html, joinHtml, raw } from '../../../src/pages/html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes.', () => {
    expect(escapeHtml(`<script>alert("x" + 'y') && 1</script>`))
      .toBe('&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp;&amp; 1&lt;/script&gt;');
  });

  it('escapes an existing entity again, so the text shows as written.', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('accepts numbers.', () => {
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('The html template', () => {
  it('escapes every interpolated text in element content.', () => {
    expect(String(html`<p>${'<script>alert("x")</script>'}</p>`)).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('escapes text in attribute values, so a value cannot close its quotes or open a new attribute.', () => {
    const title = `x" onmouseover="alert(1)' onfocus='alert(2)`;
    expect(String(html`<a title="${title}" data-x='${title}'>t</a>`))
      .toBe('<a title="x&quot; onmouseover=&quot;alert(1)&#39; onfocus=&#39;alert(2)" data-x=\'x&quot; onmouseover=&quot;alert(1)&#39; onfocus=&#39;alert(2)\'>t</a>');
  });

  it('keeps nested templates as markup, without escaping them twice.', () => {
    const inner = html`<b>${'a & b'}</b>`;
    expect(String(html`<p>${inner}</p>`)).toBe('<p><b>a &amp; b</b></p>');
    expect(String(html`<p>${html`${html`${'<'}`}`}</p>`)).toBe('<p>&lt;</p>');
  });

  it('passes raw() markup unchanged, and only raw() or html markup.', () => {
    expect(String(html`<p>${raw('<code>x</code>')}</p>`)).toBe('<p><code>x</code></p>');
    // A look-alike object is not markup: it cannot smuggle a string past the escaping.
    const fake = { toString: () => '<script>' } as unknown as string;
    expect(String(html`${fake}`)).toBe('&lt;script&gt;');
    expect(Html.isInstance(raw('x'))).toBe(true);
    expect(Html.isInstance({ markup: 'x' })).toBe(false);
  });

  it('joins arrays, escaping their texts and keeping their markup.', () => {
    expect(String(html`<ul>${['<a>', html`<li>b</li>`, ['c', html`<i>d</i>`]]}</ul>`)).toBe('<ul>&lt;a&gt;<li>b</li>c<i>d</i></ul>');
    expect(String(joinHtml(['<x>', html`<br>`, 2], ' · '))).toBe('&lt;x&gt; · <br> · 2');
  });

  it('writes numbers, and nothing for false, null and undefined.', () => {
    expect(String(html`${0}|${1.5}|${false}|${null}|${undefined}`)).toBe('0|1.5|||');
  });
});
