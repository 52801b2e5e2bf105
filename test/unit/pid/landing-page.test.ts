import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, renderLandingPage, renderProblemPage } from '../../../src/pid/landing-page.js';
import type { ConfigurationVersion, LandingView, LinkedResource } from '../../../src/pid/landing-view.js';

const BASE = 'https://phd.example.org';

const v1: ConfigurationVersion = {
  iri: 'https://doi.org/10.5072/phd.ecc.sp8.v1',
  label: 'SP8 confocal, 2019 set-up (2 PMTs)',
  href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v1',
  version: 1,
  validFrom: '2019-03-01',
  validUntil: '2022-06-15',
  withdrawn: false,
};
const v2: ConfigurationVersion = {
  iri: 'https://doi.org/10.5072/phd.ecc.sp8.v2',
  label: 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)',
  href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v2',
  version: 2,
  validFrom: '2022-06-15',
  validUntil: undefined,
  withdrawn: false,
};
const facility: LinkedResource = { iri: 'https://identifiers.org/RRID:SCR_999003', label: 'Example Confocal Core', href: '/pid/RRID:SCR_999003' };
const model: LinkedResource = { iri: 'https://imaging-phd.example/id/model/leica-tcs-sp8', label: 'Leica TCS SP8', href: '/id/model/leica-tcs-sp8' };
const instance: LinkedResource = { iri: 'https://doi.org/10.5072/phd.ecc.sp8', label: 'SP8 confocal, room 4.12', href: '/pid/doi:10.5072%2Fphd.ecc.sp8' };

/** Version 2 of the SP8's configuration, as the resolver would build it. */
const configurationV2: LandingView = {
  iri: v2.iri,
  kind: 'configuration',
  title: v2.label,
  identifiers: [v2.iri, 'doi:10.5072/phd.ecc.sp8.v2', 'doi:10.5072/PHD.ECC.SP8.V2'],
  description: 'Channel 2 PMT replaced by a HyD hybrid detector.',
  facts: [
    { name: 'Tier', values: ['1'] },
    { name: 'Valid from', values: ['2022-06-15'] },
    { name: 'Revision of', values: [v1.iri] },
  ],
  chain: { facility, model, instance, configurations: [v1, v2], current: v2 },
  components: [
    { iri: `${v2.iri}/component/laser405`, classLocal: 'Fluorescence_LightSource_Laser', classLabel: 'laser', label: '405 nm diode laser', fields: [{ name: 'Peak wavelength', value: '405 nm' }, { name: 'Power', value: '50 mW' }] },
    { iri: `${v2.iri}/component/objective63x`, classLocal: 'Objective', classLabel: 'objective', label: 'HC PL APO 63x/1.40 OIL CS2', fields: [{ name: 'Lens NA', value: '1.4' }, { name: 'Working distance', value: '0.14 mm' }] },
    { iri: `${v2.iri}/component/laser488`, classLocal: 'Fluorescence_LightSource_Laser', classLabel: 'laser', label: '488 nm OPSL', fields: [{ name: 'Peak wavelength', value: '0.488 µm' }, { name: 'Modulation', value: 'AOTF' }] },
    { iri: `${v2.iri}/component/objective20x`, classLocal: 'Objective', classLabel: 'objective', label: 'HC PL APO 20x/0.75 IMM CORR CS2', fields: [{ name: 'Lens NA', value: '0.75' }] },
    { iri: `${v2.iri}/component/hyd2`, classLocal: 'HybridPhotoDetector', classLabel: 'hybrid photo detector', label: 'HyD 2', fields: [{ name: 'Manufacturer', value: 'Leica Microsystems' }] },
  ],
  datasets: [{
    iri: 'https://doi.org/10.5072/phd.data.sp8-2023-mitochondria',
    label: 'Mitochondrial network in HeLa cells (2023)',
    href: '/pid/doi:10.5072%2Fphd.data.sp8-2023-mitochondria',
    created: '2023-02-14T10:30:00Z',
  }],
  publications: [{ iri: 'https://doi.org/10.5072/phd.pub.mito-2024', label: 'Detector upgrades and mitochondrial networks', href: '/pid/doi:10.5072%2Fphd.pub.mito-2024' }],
  people: [{ iri: 'https://orcid.org/0000-0002-1825-0097', label: 'Josiah Carberry', href: '/pid/orcid:0000-0002-1825-0097' }],
  alternates: [
    { mediaType: 'application/ld+json', href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v2?format=jsonld' },
    { mediaType: 'text/turtle', href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v2?format=turtle' },
    { mediaType: 'application/n-triples', href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v2?format=ntriples' },
  ],
  schemaOrg: { '@context': 'https://schema.org', '@type': 'Thing', '@id': v2.iri, name: v2.label },
  version: 3,
  updatedAt: '2024-05-02T09:12:44Z',
};

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /^<(\/?)([a-zA-Z][\w:-]*)((?:\s+[a-zA-Z_:][\w:.-]*(?:="[^"<]*")?)*)\s*(\/?)>/;

/**
 * A tiny structural check of an HTML document (no dependency): every element closes in order,
 * void and self-closed (SVG) elements excepted; attribute values are double-quoted with no raw
 * `<`; no `<` stands in text; ids are unique; no element has an event handler (`on…`) attribute;
 * script and style bodies are skipped as raw text.
 * @returns the problems found (empty when the document is well formed).
 */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const ids = new Set<string>();
  let rest = html.replace(/^<!doctype html>\s*/i, '');
  if (rest === html) problems.push('no <!doctype html>');
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    if (lt < 0) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      rest = rest.slice(rest.indexOf('-->') + 3);
      continue;
    }
    const match = TAG.exec(rest);
    if (match === null) {
      problems.push(`unparsable markup at: ${rest.slice(0, 60)}`);
      rest = rest.slice(1);
      continue;
    }
    const [whole, closing, rawName = '', attributes = '', selfClosing] = match;
    const name = rawName.toLowerCase();
    rest = rest.slice(whole.length);
    for (const [, attribute = '', value = ''] of attributes.matchAll(/\s([a-zA-Z_:][\w:.-]*)(?:="([^"]*)")?/g)) {
      if (/^on/i.test(attribute)) problems.push(`event handler attribute ${attribute} on <${name}>`);
      if (attribute !== 'id') continue;
      if (ids.has(value)) problems.push(`duplicate id ${value}`);
      ids.add(value);
    }
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (name === 'script' || name === 'style') {
      const end = rest.indexOf(`</${name}>`);
      if (end < 0) problems.push(`<${name}> never closes`);
      rest = rest.slice(Math.max(0, end) + name.length + 3);
    } else if (selfClosing !== '/' && !VOID.has(name)) {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

/** The text of the one `<svg>…</svg>` of a page. */
function svgOf(html: string): string {
  const match = /<svg[\s\S]*<\/svg>/.exec(html);
  if (match === null) throw new Error('no <svg> on the page');
  return match[0];
}

describe('The HTML check these tests use', () => {
  it('finds misnested, unclosed, unquoted and scripted markup.', () => {
    expect(htmlProblems('<!doctype html><p><b>x</p>')).not.toEqual([]);
    expect(htmlProblems('<!doctype html><div>')).toEqual(['unclosed: div']);
    expect(htmlProblems('<!doctype html><a href=x>y</a>')).not.toEqual([]);
    expect(htmlProblems('<!doctype html><p>1 < 2</p>')).not.toEqual([]);
    expect(htmlProblems('<!doctype html><img src="x" onerror="y">')).toEqual(['event handler attribute onerror on <img>']);
    expect(htmlProblems('<!doctype html><p id="a"></p><p id="a"></p>')).toEqual(['duplicate id a']);
    expect(htmlProblems('<!doctype html><p>ok<br><svg><rect x="1"/></svg></p>')).toEqual([]);
  });
});

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

describe('jsonForScript', () => {
  it('keeps a closing script tag and a comment opener from ending the element, and stays the same JSON.', () => {
    const value = { name: '</script><script>alert(1)</script>', note: '<!-- x -->', line: 'a\u2028b' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<\/script/i);
    expect(json).not.toContain('<!--');
    expect(json).toContain('<\\/script>');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('A landing page of a configuration version', () => {
  const html = renderLandingPage(configurationV2, { baseUrl: `${BASE}/` });

  it('is a complete, well-formed HTML5 document in English.', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(htmlProblems(html)).toEqual([]);
    expect(html).toMatch(/<head>[\s\S]*<meta charset="utf-8">[\s\S]*<title>[^<]+<\/title>[\s\S]*<\/head>\s*<body>[\s\S]*<\/body>\s*<\/html>\s*$/);
    expect(html).toContain('<meta name="viewport"');
  });

  it('loads nothing from elsewhere and runs no script.', () => {
    expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link[^>]*rel="stylesheet"/);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('shows the title and the kind, in one h1.', () => {
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain(`<h1>${escapeHtml(v2.label)}</h1>`);
    expect(html).toContain('>Hardware configuration</p>');
    expect(html).toContain(`<title>${escapeHtml(v2.label)} · Hardware configuration · imaging-phd</title>`);
  });

  it('shows the canonical IRI as a link, the CURIE and the identifier as recorded.', () => {
    expect(html).toContain(`<a href="${v2.iri}">${v2.iri}</a>`);
    expect(html).toMatch(/Compact identifier \(CURIE\)<\/th><td><code>doi:10\.5072\/phd\.ecc\.sp8\.v2<\/code>/);
    expect(html).toMatch(/Identifier as recorded<\/th><td><code>doi:10\.5072\/PHD\.ECC\.SP8\.V2<\/code>/);
    expect(html).toContain(`<link rel="cite-as" href="${v2.iri}">`);
  });

  it('shows the facts, with IRI values as links.', () => {
    expect(html).toContain('<th scope="row">Valid from</th><td>2022-06-15</td>');
    expect(html).toContain(`<th scope="row">Revision of</th><td><a href="${v1.iri}">${v1.iri}</a></td>`);
  });

  it('lists the chain as links, from facility to publications, in that order.', () => {
    const chain = /<ol class="chain">[\s\S]*?<\/ol><\/nav>/.exec(html)?.[0] ?? '';
    const positions = [facility.href, model.href, instance.href, v1.href, v2.href, '#datasets', '#publications']
      .map((href) => chain.indexOf(`href="${href}"`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(chain).toMatch(/<a href="\/pid\/doi:10\.5072%2Fphd\.ecc\.sp8\.v2" aria-current="page">v2 — /);
    expect(chain).toContain('<time datetime="2019-03-01">2019-03-01</time>');
  });

  it('draws the chain as a small, labelled SVG whose boxes are links, the current version highlighted.', () => {
    const svg = svgOf(html);
    expect(svg.length).toBeLessThan(20_000);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"[^>]* aria-labelledby="diagram-title diagram-desc"/);
    expect(svg).toMatch(/<title id="diagram-title">[^<]+<\/title><desc id="diagram-desc">[^<]*Configuration v1[^<]*<\/desc>/);
    for (const href of [facility.href, model.href, instance.href, v1.href, v2.href]) expect(svg).toContain(`<a href="${href}"`);
    expect(svg).toContain(`<a href="${v2.href}" aria-current="page">`);
    expect(svg).not.toContain(`<a href="${v1.href}" aria-current`);
    expect(svg).toContain('from 2019-03-01');
    expect(svg).toContain('from 2022-06-15');
    expect(svg).not.toMatch(/<script|<foreignObject|@font-face|xlink:href="http/);
  });

  it('says this is the current configuration.', () => {
    expect(html).toMatch(/<p class="notice"><strong>Configuration v2<\/strong>, valid from <time datetime="2022-06-15">2022-06-15<\/time>\. This is the instrument/);
  });

  it('shows the components as one table per class, with headers and units.', () => {
    expect(html).toMatch(/<h3 id="components-Fluorescence_LightSource_Laser">Laser <span class="muted">\(2\)<\/span><\/h3>/);
    expect(html).toMatch(/<h3 id="components-Objective">Objective <span class="muted">\(2\)<\/span><\/h3>/);
    const laserTable = /components-Fluorescence_LightSource_Laser"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(laserTable).toContain('<thead><tr><th scope="col">Name</th><th scope="col">Peak wavelength</th><th scope="col">Power</th><th scope="col">Modulation</th></tr></thead>');
    expect(laserTable).toContain('<tr><th scope="row">405 nm diode laser</th><td>405 nm</td><td>50 mW</td><td class="muted">—</td></tr>');
    expect(laserTable).toContain('<td>0.488 µm</td>');
    expect(html).toContain('<td>0.14 mm</td>');
    expect(html).toContain('5 components in 3 classes');
  });

  it('lists the datasets with their dates, the publications and the people.', () => {
    expect(html).toMatch(/<h2 id="datasets">Datasets<\/h2>[\s\S]*<a href="\/pid\/doi:10\.5072%2Fphd\.data\.sp8-2023-mitochondria">Mitochondrial network in HeLa cells \(2023\)<\/a> <span class="muted">· acquired <time datetime="2023-02-14T10:30:00Z">2023-02-14 10:30 UTC<\/time>/);
    expect(html).toMatch(/<h2 id="publications">Publications<\/h2>[\s\S]*<a href="\/pid\/doi:10\.5072%2Fphd\.pub\.mito-2024">Detector upgrades and mitochondrial networks<\/a>/);
    expect(html).toContain('<a href="/pid/orcid:0000-0002-1825-0097">Josiah Carberry</a>');
  });

  it('links the alternates, in the body and as Signposting links in the head.', () => {
    expect(html).toContain('<a href="/pid/doi:10.5072%2Fphd.ecc.sp8.v2?format=jsonld" type="application/ld+json">JSON-LD</a>');
    expect(html).toContain('type="text/turtle">Turtle</a>');
    expect(html).toContain('type="application/n-triples">N-Triples</a>');
    expect(html).toContain(`<link rel="alternate describedby" type="text/turtle" href="${BASE}/pid/doi:10.5072%2Fphd.ecc.sp8.v2?format=turtle">`);
  });

  it('embeds the schema.org description as JSON-LD.', () => {
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(configurationV2.schemaOrg);
  });

  it('ends with a footer giving the record version and the last update.', () => {
    expect(html).toMatch(/<footer class="site">[\s\S]*version 3 · last updated <time datetime="2024-05-02T09:12:44Z">2024-05-02 09:12 UTC<\/time>[\s\S]*<\/footer>/);
    expect(html).toContain(`<a href="${BASE}/sparql">SPARQL endpoint</a>`);
  });
});

describe('A landing page of a superseded version', () => {
  it('says which version superseded it and highlights itself in the diagram.', () => {
    const html = renderLandingPage({ ...configurationV2, iri: v1.iri, title: v1.label, chain: { ...configurationV2.chain, current: v1 } }, { baseUrl: BASE });
    expect(html).toMatch(/<p class="notice warn"><strong>Configuration v1<\/strong>, valid from <time datetime="2019-03-01">2019-03-01<\/time> until <time datetime="2022-06-15">2022-06-15<\/time>\. It was superseded by <a href="\/pid\/doi:10\.5072%2Fphd\.ecc\.sp8\.v2">configuration v2<\/a>/);
    expect(svgOf(html)).toContain(`<a href="${v1.href}" aria-current="page">`);
    expect(htmlProblems(html)).toEqual([]);
  });

  it('warns when the version was withdrawn.', () => {
    const withdrawn = { ...v1, withdrawn: true };
    const html = renderLandingPage({ ...configurationV2, iri: v1.iri, title: v1.label, chain: { ...configurationV2.chain, configurations: [withdrawn, v2], current: withdrawn } }, { baseUrl: BASE });
    expect(html).toContain('Configuration v1 was withdrawn.');
    expect(svgOf(html)).toContain('stroke-dasharray="5 3"');
  });
});

describe('A landing page of a record without a chain', () => {
  it('draws no diagram and no empty sections.', () => {
    const person: LandingView = {
      ...configurationV2,
      iri: 'https://orcid.org/0000-0002-1825-0097',
      kind: 'person',
      title: 'Josiah Carberry',
      identifiers: ['https://orcid.org/0000-0002-1825-0097', 'orcid:0000-0002-1825-0097'],
      description: undefined,
      facts: [],
      chain: { configurations: [] },
      components: [],
      datasets: [],
      publications: [],
      people: [],
    };
    const html = renderLandingPage(person, { baseUrl: BASE });
    expect(html).toContain('>Person</p>');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('id="chain"');
    expect(html).not.toContain('id="components"');
    expect(html).not.toContain('id="datasets"');
    expect(htmlProblems(html)).toEqual([]);
  });
});

describe('A landing page of hostile data', () => {
  const evil = `<script>alert("x")</script>' onmouseover='alert(1)`;
  const hostile: LandingView = {
    ...configurationV2,
    title: evil,
    description: `<img src=x onerror=alert(1)>`,
    identifiers: [v2.iri, `doi:"><script>alert(2)</script>`],
    facts: [{ name: '<b>Tier</b>', values: ['"><svg onload=alert(3)>', 'javascript:alert(4)'] }],
    chain: {
      facility: { ...facility, label: evil, href: 'javascript:alert(5)' },
      model: { ...model, href: ' JaVa\tScRiPt:alert(6)' },
      instance: { ...instance, label: '</text></svg><script>alert(7)</script>' },
      configurations: [{ ...v1, label: evil, href: 'data:text/html,<script>alert(8)</script>' }, v2],
      current: v2,
    },
    components: [{ iri: 'x', classLocal: '"><script>', classLabel: '<i>laser</i>', label: evil, fields: [{ name: '<th>', value: '405 <nm>' }] }],
    datasets: [{ iri: 'x', label: evil, href: 'vbscript:msgbox', created: '<2020>' }],
    alternates: [{ mediaType: 'text/turtle"><script>', href: '/x?a=1&b="2"' }],
    schemaOrg: { name: '</script><script>alert(9)</script>', other: '<!--<script>' },
    updatedAt: '<now>',
  };
  const html = renderLandingPage(hostile, { baseUrl: BASE });
  // The JSON-LD body is raw text, not markup: it is checked on its own below.
  const markup = html.replace(/(<script type="application\/ld\+json">)[\s\S]*?(<\/script>)/, '$1$2');

  it('escapes every value: no markup from the data reaches the page.', () => {
    expect(markup).not.toMatch(/<script>alert|<img|<svg onload|<b>Tier|<i>laser|<th>\s*<\/th>|<nm>|<now>|<2020>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;alert(1)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/text&gt;&lt;/svg&gt;&lt;script&gt;alert(7)');
    expect(html).toContain('<a href="/x?a=1&amp;b=&quot;2&quot;" type="text/turtle&quot;&gt;&lt;script&gt;">');
    expect(htmlProblems(html)).toEqual([]);
  });

  it('links no script, data or vbscript URL.', () => {
    expect(html).not.toMatch(/<a [^>]*href="\s*(?:javascript|data|vbscript):/i);
    expect(html).not.toMatch(/href="[^"]*script:/i);
    expect(html).toContain('<g><title>Facility: '); // an unsafe link in the diagram becomes a plain group
    expect(html).toContain('javascript:alert(4)'); // shown as text
  });

  it('keeps the embedded JSON-LD inside its script element.', () => {
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(hostile.schemaOrg);
  });
});

describe('A problem page', () => {
  it('says a withdrawn record was withdrawn, with the tombstone date.', () => {
    const html = renderProblemPage({ status: 410, title: 'Gone', detail: 'doi:10.5072/x was withdrawn on 2024-03-01T10:00:00Z.', instance: '/pid/doi:10.5072%2Fx' });
    expect(html).toContain('<h1>This record was withdrawn</h1>');
    expect(html).toContain('Withdrawn on <time datetime="2024-03-01T10:00:00Z">2024-03-01 10:00 UTC</time>.');
    expect(html).toContain('<code>/pid/doi:10.5072%2Fx</code>');
    expect(html).toContain('<title>410 Gone · imaging-phd</title>');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(htmlProblems(html)).toEqual([]);
  });

  it('says so when a withdrawn record has no date.', () => {
    const html = renderProblemPage({ status: 410, title: 'Gone', detail: 'This record was withdrawn.' });
    expect(html).toContain('<h1>This record was withdrawn</h1>');
    expect(html).not.toContain('Withdrawn on');
  });

  it('explains an unknown and an unreadable identifier.', () => {
    expect(renderProblemPage({ status: 404, title: 'Not Found', detail: 'No record is named doi:10.5072/nope.' })).toContain('<h1>No record has this identifier</h1>');
    expect(renderProblemPage({ status: 400, title: 'Bad Request', detail: 'doi:10.1000/x/y is ambiguous.' })).toContain('<h1>This identifier cannot be read</h1>');
    expect(renderProblemPage({ status: 503, title: 'Service Unavailable', detail: 'Try again.' })).toContain('<h1>Service Unavailable</h1>');
  });

  it('escapes the title, detail and instance.', () => {
    const html = renderProblemPage({ status: 404, title: '<b>x</b>', detail: '<script>alert(1)</script>', instance: '"><img src=x>' });
    expect(html).not.toMatch(/<b>x|<script>alert|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(htmlProblems(html)).toEqual([]);
  });
});
