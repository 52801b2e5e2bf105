import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/pages/escape-html.js';
import { jsonForScript } from '../../../src/pages/json-for-script.js';
import { renderLandingPage } from '../../../src/pages/landing-page.js';
import { SITE_STYLESHEET } from '../../../src/pages/site-stylesheet.js';
import { componentAnchor } from '../../../src/pid/landing-view.js';
import type { AcquisitionSettings, ConfigurationVersionView, LandingView, UsedComponent } from '../../../src/pid/landing-view.js';
import type { LinkedResource } from '../../../src/pid/linked-resource.js';
import { htmlProblems } from './html-problems.js';

const BASE = 'https://phd.example.org';

const v1: ConfigurationVersionView = {
  iri: 'https://doi.org/10.5072/phd.ecc.sp8.v1',
  label: 'SP8 confocal, 2019 set-up (2 PMTs)',
  href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v1',
  versionNumber: 1,
  validFrom: '2019-03-01',
  validUntil: '2022-06-15',
  withdrawn: false,
};
const v2: ConfigurationVersionView = {
  iri: 'https://doi.org/10.5072/phd.ecc.sp8.v2',
  label: 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)',
  href: '/pid/doi:10.5072%2Fphd.ecc.sp8.v2',
  versionNumber: 2,
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

describe('jsonForScript', () => {
  it('keeps a closing script tag and a comment opener from ending the element, and stays the same JSON.', () => {
    const value = { name: '</script><script>alert(1)</script>', note: '<!-- x -->', line: 'a\u2028b' };
    const json = String(jsonForScript(value));
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

  it('loads nothing but the site stylesheet, and runs no script.', () => {
    expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    expect(html).not.toMatch(/\ssrc=/);
    expect([...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)].map((m) => m[0])).toEqual([`<link rel="stylesheet" href="${SITE_STYLESHEET.path}">`]);
    expect(SITE_STYLESHEET.path).toMatch(/^\/assets\/site-[0-9a-f]{12}\.css$/);
    expect(html).not.toMatch(/<style|@import|url\(/);
  });

  it('has the site layout: a header with the site navigation, main content and a footer.', () => {
    const header = /<header class="site">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
    expect(header).toContain('<nav aria-label="Site"><a href="/">Home</a><a href="/search">Search</a><a href="/sparql">SPARQL</a><a href="/ontology">Ontology</a><a href="/workspace">Workspace</a></nav>');
    expect(html).toMatch(/<main id="content" class="wrap">[\s\S]*<\/main>\n<footer class="site">/);
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
    expect(laserTable).toContain('<tr id="component-laser405"><th scope="row">405 nm diode laser</th><td>405 nm</td><td>50 mW</td><td class="muted">—</td></tr>');
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

describe('componentAnchor', () => {
  it('names a component of the configuration by its local id, and any other by its whole IRI.', () => {
    expect(componentAnchor(`${v2.iri}/component/Objective-0-0`, v2.iri)).toBe('component-Objective-0-0');
    expect(componentAnchor('https://x.org/c', v2.iri)).toBe('component-https.3a..2f..2f.x.2e.org.2f.c');
  });

  it('keeps distinct IRIs distinct, and gives ids that need no escaping in a fragment.', () => {
    const iris = ['a.b', 'a-b', 'a_b', 'a b', 'a.2e.b', 'ä', 'a~b'].map((local) => `${v2.iri}/component/${local}`);
    const anchors = iris.map((iri) => componentAnchor(iri, v2.iri));
    expect(new Set(anchors).size).toBe(iris.length);
    for (const anchor of anchors) expect(anchor).toMatch(/^component-[A-Za-z0-9_.-]+$/);
  });
});

describe('A landing page of a configuration, for links from datasets', () => {
  it('gives each component row the id datasets link to.', () => {
    const html = renderLandingPage(configurationV2, { baseUrl: BASE });
    for (const component of configurationV2.components) {
      expect(html).toContain(`<tr id="${componentAnchor(component.iri, v2.iri)}"><th scope="row">${escapeHtml(component.label)}</th>`);
    }
    expect(html).not.toContain('id="acquisition"');
  });
});

/** A component of SP8 v2 as a dataset's settings refer to it. */
function used(local: string, label: string, classLabel: string): UsedComponent {
  const iri = `${v2.iri}/component/${local}`;
  return { iri, label, classLabel, href: `${v2.href}#${componentAnchor(iri, v2.iri)}` };
}

const dataset = 'https://doi.org/10.5072/phd.data.sp8-2023-mitochondria';
const acquisition: AcquisitionSettings = {
  objective: {
    components: [used('objective63x', 'HC PL APO 63x/1.40 OIL CS2', 'objective')],
    values: [{ name: 'measured refractive index', value: '1.518' }, { name: 'correction collar position', value: '0.17' }],
  },
  channels: [
    {
      iri: `${dataset}/channel/1`, number: 1, name: 'DAPI', fluorophore: 'DAPI', excitation: '405 nm', emission: '461 nm',
      lightSources: [{ components: [used('laser405', '405 nm diode laser', 'fluorescence laser')], values: [{ name: 'illumination power settings', value: '2 %' }] }],
      detectors: [{ components: [used('pmt1', 'PMT 1', 'photo multiplier tube')], values: [{ name: 'analog gain', value: '650' }, { name: 'voltage', value: '650 V' }] }],
      lightPath: [used('cube1', 'DAPI cube', 'filter cube')],
      illuminationType: 'Confocal_Fluorescence_single-spot-raster-scan',
      contrastMethod: 'Fluorescence',
    },
    {
      iri: `${dataset}/channel/2`, number: 2, name: 'MitoTracker', fluorophore: undefined, excitation: undefined, emission: '0.6 µm',
      lightSources: [],
      detectors: [{ components: [{ iri: 'https://x.org/gone', label: 'https://x.org/gone', classLabel: undefined, href: undefined }], values: [] }],
      lightPath: [],
      illuminationType: undefined,
      contrastMethod: undefined,
    },
  ],
};

/** A dataset acquired with SP8 v2, with its acquisition settings. */
const datasetView: LandingView = {
  ...configurationV2,
  iri: dataset,
  kind: 'dataset',
  title: 'Mitochondrial network in HeLa cells (2023)',
  identifiers: [dataset],
  description: undefined,
  facts: [{ name: 'Created', values: ['2023-02-14T10:30:00Z'] }],
  chain: { facility, model, instance, configurations: [v1, v2], current: v2 },
  components: [],
  acquisition,
  datasets: [],
};

describe('A landing page of a dataset with acquisition settings', () => {
  const html = renderLandingPage(datasetView, { baseUrl: BASE });
  const section = /<section aria-labelledby="acquisition">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  const channels = /<h3 id="acquisition-channels">[\s\S]*?<\/table>/.exec(section)?.[0] ?? '';
  const rows = channels.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];

  it('has an "Acquisition settings" section after the chain, naming the configuration.', () => {
    expect(section).toContain('<h2 id="acquisition">Acquisition settings</h2>');
    expect(section).toContain(`on the hardware of configuration <a href="${v2.href}">${escapeHtml(v2.label)}</a>`);
    expect(html.indexOf('id="chain"')).toBeLessThan(html.indexOf('id="acquisition"'));
    expect(htmlProblems(html)).toEqual([]);
  });

  it('shows the objective, linked to its row on the configuration page, with refractive index and correction collar.', () => {
    const objective = /<h3 id="acquisition-objective">Objective settings<\/h3>[\s\S]*?<\/table>/.exec(section)?.[0] ?? '';
    expect(objective).toContain(`<tr><th scope="row">Objective</th><td><a href="${v2.href}#component-objective63x">HC PL APO 63x/1.40 OIL CS2</a> <span class="muted">(objective)</span></td></tr>`);
    expect(objective).toContain('<tr><th scope="row">Measured refractive index</th><td>1.518</td></tr>');
    expect(objective).toContain('<tr><th scope="row">Correction collar position</th><td>0.17</td></tr>');
  });

  it('shows the channels as an accessible table: a caption, column headers, and a row header per channel.', () => {
    expect(channels).toContain('<caption>');
    const headers = [...channels.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(['Channel', 'Fluorophore', 'Excitation', 'Emission', 'Light source', 'Detector', 'Filter set and light path', 'Illumination / contrast']);
    expect(rows.slice(1).map((row) => /<th scope="row">([^<]*)/.exec(row)?.[1])).toEqual(['DAPI ', 'MitoTracker ']);
  });

  it('gives each channel its fluorophore, wavelengths with units, and linked hardware with the values set.', () => {
    const dapi = rows[1] ?? '';
    expect(dapi).toContain('<td>DAPI</td><td>405 nm</td><td>461 nm</td>');
    expect(dapi).toContain(`<a href="${v2.href}#component-laser405">405 nm diode laser</a> <span class="muted">(fluorescence laser)</span><br><span class="muted">illumination power settings:</span> 2 %`);
    expect(dapi).toContain(`<a href="${v2.href}#component-pmt1">PMT 1</a> <span class="muted">(photo multiplier tube)</span><br><span class="muted">analog gain:</span> 650<br><span class="muted">voltage:</span> 650 V`);
    expect(dapi).toContain(`<td><a href="${v2.href}#component-cube1">DAPI cube</a> <span class="muted">(filter cube)</span></td>`);
    expect(dapi).toContain('<td>Confocal Fluorescence single-spot-raster-scan<br><span class="muted">contrast:</span> Fluorescence</td>');
  });

  it('shows what is missing as a dash, and a component no configuration describes as text.', () => {
    const mito = rows[2] ?? '';
    expect(mito).toContain('<td class="muted">—</td><td class="muted">—</td><td>0.6 µm</td><td class="muted">—</td><td>https://x.org/gone</td>');
    expect(mito).not.toContain('href="https://x.org/gone"');
  });

  it('orders the channels as given and leaves the embedded JSON-LD as it is.', () => {
    expect(channels.indexOf('DAPI')).toBeLessThan(channels.indexOf('MitoTracker'));
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(datasetView.schemaOrg);
  });
});

describe('A landing page of a dataset without acquisition settings', () => {
  it('has no acquisition section.', () => {
    expect(renderLandingPage({ ...datasetView, acquisition: undefined }, { baseUrl: BASE })).not.toContain('Acquisition settings');
    expect(renderLandingPage({ ...datasetView, acquisition: { objective: undefined, channels: [] } }, { baseUrl: BASE })).not.toContain('id="acquisition"');
  });
});

describe('A landing page of hostile acquisition settings', () => {
  const evil = '<script>alert(1)</script>';
  const hostile: LandingView = {
    ...datasetView,
    chain: { ...datasetView.chain, current: { ...v2, label: evil, href: 'javascript:alert(2)' } },
    acquisition: {
      objective: { components: [{ iri: 'x', label: evil, classLabel: evil, href: 'javascript:alert(3)' }], values: [{ name: evil, value: evil }] },
      channels: [{
        iri: 'x', number: 1, name: evil, fluorophore: evil, excitation: evil, emission: '<b>1</b> nm',
        lightSources: [{ components: [{ iri: 'y', label: evil, classLabel: undefined, href: 'data:text/html,x' }], values: [{ name: '<i>', value: '"><img src=x>' }] }],
        detectors: [], lightPath: [{ iri: 'z', label: evil, classLabel: evil, href: ' vbscript:x' }], illuminationType: evil, contrastMethod: '<u>c</u>',
      }],
    },
  };
  const html = renderLandingPage(hostile, { baseUrl: BASE });
  const markup = html.replace(/(<script type="application\/ld\+json">)[\s\S]*?(<\/script>)/, '$1$2');

  it('escapes every value and links no script or data URL.', () => {
    expect(markup).not.toMatch(/<script>alert|<img|<b>1|<i>|<u>c/);
    expect(html).not.toMatch(/<a [^>]*href="\s*(?:javascript|data|vbscript):/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(htmlProblems(html)).toEqual([]);
  });
});

describe('A landing page with links from other records', () => {
  const ecc: LandingView = {
    ...configurationV2,
    iri: facility.iri,
    kind: 'facility',
    title: 'Example Confocal Core',
    identifiers: [facility.iri],
    chain: { facility, configurations: [] },
    components: [],
    datasets: [],
    publications: [],
    linkedFrom: [
      { heading: 'Instruments it operates', predicate: 'https://w3id.org/imaging-phd/ns#operates', curie: 'phd:operates', role: 'subject', records: [instance] },
      { heading: 'Records linking here (<b>sees</b>)', predicate: 'https://example.org/sees', curie: 'ex:"sees"', role: 'object', records: [{ ...model, label: '<i>M</i>', href: 'javascript:alert(1)' }] },
    ],
  };
  const html = renderLandingPage(ecc, { baseUrl: BASE });
  const section = /<section aria-labelledby="linked-from">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

  it('has a "Linked from other records" section with one headed list per relation, linking each record.', () => {
    expect(section).toContain('<h2 id="linked-from">Linked from other records</h2>');
    expect(section).toMatch(/<h3 id="linked-from-1">Instruments it operates <span class="muted">\(1\)<\/span><\/h3>/);
    expect(section).toContain(`<a href="${instance.href}">${escapeHtml(instance.label)}</a>`);
    expect(section).toContain('<ul class="plain" aria-labelledby="linked-from-1">');
    expect(htmlProblems(html)).toEqual([]);
  });

  it('says which way each statement goes, linking our own terms to their documentation.', () => {
    expect(section).toContain('this record <a href="/ontology/phd/operates"><code>phd:operates</code></a> …');
    expect(section).toContain('… <code>ex:&quot;sees&quot;</code> this record');
  });

  it('escapes what the records say and links no script URL.', () => {
    expect(section).toContain('Records linking here (&lt;b&gt;sees&lt;/b&gt;)');
    expect(section).toContain('<span>&lt;i&gt;M&lt;/i&gt;</span>');
    expect(section).not.toContain('javascript:');
  });

  it('has no such section when nothing links to the record.', () => {
    expect(renderLandingPage({ ...ecc, linkedFrom: [] }, { baseUrl: BASE })).not.toContain('linked-from');
  });

  it('lists the records its own graph links to in a section of their own, before the links from others.', () => {
    const organization = { iri: 'https://ror.org/042nb2s44', label: 'MIT', href: '/pid/ror:042nb2s44' };
    const page = renderLandingPage({ ...ecc, linksTo: [{ heading: 'Hosted by', predicate: 'https://w3id.org/imaging-phd/ns#hostedBy', curie: 'phd:hostedBy', role: 'subject', records: [organization] }] }, { baseUrl: BASE });
    const to = /<section aria-labelledby="links-to">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(to).toContain('<h3 id="links-to-1">Hosted by <span class="muted">(1)</span></h3>');
    expect(to).toContain('<a href="/pid/ror:042nb2s44">MIT</a>');
    expect(page.indexOf('id="links-to"')).toBeLessThan(page.indexOf('id="linked-from"'));
    expect(htmlProblems(page)).toEqual([]);
  });
});

describe('A landing page\'s configuration timeline', () => {
  const changed: ConfigurationVersionView = {
    ...v2,
    changeNote: 'PMT 2 replaced by a "HyD" <hybrid> detector.',
    changes: { previous: { iri: v1.iri, label: v1.label, href: v1.href }, diffHref: '/pid/doi%3A10.5072%2Fphd.ecc.sp8.v1/diff/doi%3A10.5072%2Fphd.ecc.sp8.v2', summary: '1 component added: HyD 2; 1 removed: PMT 2' },
  };
  const html = renderLandingPage({ ...configurationV2, chain: { ...configurationV2.chain, configurations: [v1, changed] } }, { baseUrl: BASE });
  const versions = /<ol class="versions">[\s\S]*?<\/ol>/.exec(html)?.[0] ?? '';

  it('links each version after the first to the diff with its predecessor, and says what changed.', () => {
    expect(versions).toContain('<a href="/pid/doi%3A10.5072%2Fphd.ecc.sp8.v1/diff/doi%3A10.5072%2Fphd.ecc.sp8.v2">Changes since v1</a>: 1 component added: HyD 2; 1 removed: PMT 2.');
    expect(versions.match(/Changes since/g)).toHaveLength(1);
    expect(htmlProblems(html)).toEqual([]);
  });

  it('gives the version\'s change note, escaped.', () => {
    expect(versions).toContain('Change note: “PMT 2 replaced by a &quot;HyD&quot; &lt;hybrid&gt; detector.”');
  });
});
