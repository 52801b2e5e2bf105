import { describe, expect, it } from 'vitest';
import { renderProblemPage } from '../../../src/pages/problem-page.js';
import { htmlProblems } from './html-problems.js';

describe('A problem page', () => {
  it('says a withdrawn record was withdrawn, with the tombstone date from its deletedAt member.', () => {
    const html = renderProblemPage({
      status: 410, title: 'Gone', code: 'gone', detail: 'doi:10.5072/x was withdrawn on 2024-03-01T10:00:00Z.', instance: '/pid/doi:10.5072%2Fx', deletedAt: '2024-03-01T10:00:00Z',
    });
    expect(html).toContain('<h1>This record was withdrawn</h1>');
    expect(html).toContain('Withdrawn on <time datetime="2024-03-01T10:00:00Z">2024-03-01 10:00 UTC</time>.');
    expect(html).toContain('<code>/pid/doi:10.5072%2Fx</code>');
    expect(html).toContain('<title>410 Gone · imaging-phd</title>');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(htmlProblems(html)).toEqual([]);
  });

  it('reads the date from the structured member, never from the prose of the detail.', () => {
    const html = renderProblemPage({ status: 410, title: 'Gone', code: 'gone', detail: 'doi:10.5072/x was withdrawn on 2024-03-01.' });
    expect(html).toContain('<h1>This record was withdrawn</h1>');
    expect(html).not.toContain('Withdrawn on');
  });

  it('explains an unknown record, an unknown address and an unreadable identifier, by status, code and path.', () => {
    expect(renderProblemPage({ status: 404, title: 'Not Found', code: 'not-found', detail: 'No record is named doi:10.5072/nope.', instance: '/pid/doi:10.5072/nope' }))
      .toContain('<h1>No record has this identifier</h1>');
    expect(renderProblemPage({ status: 404, title: 'Not Found', code: 'not-found', detail: 'Nothing is served at /nope.', instance: '/nope' }))
      .toContain('<h1>Nothing is served at this address</h1>');
    expect(renderProblemPage({ status: 400, title: 'Bad Request', code: 'ambiguous-pid-path', detail: 'doi:10.1000/x/y is ambiguous.' }))
      .toContain('<h1>This identifier cannot be read</h1>');
    expect(renderProblemPage({ status: 400, title: 'Bad Request', code: 'bad-date', detail: 'at= takes a date written YYYY-MM-DD.' }))
      .toContain('<h1>Bad Request</h1>');
    expect(renderProblemPage({ status: 503, title: 'Service Unavailable', detail: 'Try again.' })).toContain('<h1>Service Unavailable</h1>');
  });

  it('lists the SHACL violations and names the parameter at fault.', () => {
    const html = renderProblemPage({
      status: 422, title: 'Unprocessable Content', code: 'shacl-violation', detail: 'The record breaks the model.', field: 'naMin',
      violations: [{ focusNode: 'https://x.org/a', path: 'https://schema.org/name', message: 'Give <one> name', severity: 'Violation' }],
    });
    expect(html).toContain('<li>Give &lt;one&gt; name <span class="muted">(<code>https://x.org/a https://schema.org/name</code>)</span></li>');
    expect(html).toContain('<p>Parameter at fault: <code>naMin</code></p>');
    expect(htmlProblems(html)).toEqual([]);
  });

  it('escapes the title, detail and instance.', () => {
    const html = renderProblemPage({ status: 404, title: '<b>x</b>', detail: '<script>alert(1)</script>', instance: '"><img src=x>' });
    expect(html).not.toMatch(/<b>x|<script>alert|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(htmlProblems(html)).toEqual([]);
  });
});
