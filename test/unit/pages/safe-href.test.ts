import { describe, expect, it } from 'vitest';
import { link } from '../../../src/pages/link.js';
import { safeHref } from '../../../src/pages/safe-href.js';

describe('safeHref', () => {
  it('lets site paths, relative references and http, https and mailto URLs through.', () => {
    for (const href of ['/pid/doi:10.5072/x', '?format=json', '#component-1', 'other/page', 'https://doi.org/10.5072/x', 'HTTP://x.org/a?b=1&c=2', 'mailto:core@example.org']) {
      expect(safeHref(href), href).toBe(href);
    }
    expect(safeHref('  /pid/x  ')).toBe('/pid/x');
  });

  it('refuses script, data and other schemes, however they are spelled.', () => {
    for (const href of ['javascript:alert(1)', ' JaVa\tScRiPt:alert(6)', 'java\nscript:x', 'data:text/html,<script>x</script>', 'vbscript:msgbox', 'file:///etc/passwd', 'ftp://x.org']) {
      expect(safeHref(href), href).toBeUndefined();
    }
  });

  it('refuses protocol-relative references, whitespace and control characters, and the empty string.', () => {
    for (const href of ['//evil.example/x', '/\\evil.example', '\\\\evil.example', '/a b', '/a\u0000b', '', '   ']) {
      expect(safeHref(href), JSON.stringify(href)).toBeUndefined();
    }
  });
});

describe('link', () => {
  it('links a safe href, and shows the text alone for an unsafe one.', () => {
    expect(String(link('/pid/x?a=1&b="2"', '<x>'))).toBe('<a href="/pid/x?a=1&amp;b=&quot;2&quot;">&lt;x&gt;</a>');
    expect(String(link('javascript:alert(1)', 'x'))).toBe('<span>x</span>');
  });
});
