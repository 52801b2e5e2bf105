import { pidFromIri } from '../domain/index.js';
import type { LandingView } from '../pid/index.js';
import { capitalize } from './capitalize.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { instrumentLabelPaths } from './instrument-label-paths.js';
import { layout } from './layout.js';
import { link } from './link.js';

/** Options of {@link renderLabelPage}. */
export interface LabelPageOptions {
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
  /** The path of the instance's landing page, to link back to it. */
  readonly landingHref: string;
}

/** Pixel size of the QR code on screen; the stylesheet prints it 30 mm wide, enough for a phone at arm's length. */
const QR_SIZE_PX = 120;

/**
 * The printable label of an instrument instance, to stick on the microscope: its name, its PID as
 * text, the facility that operates it (name and RRID), the model, the serial number, its status,
 * and a QR code of the PID's resolvable URL (see {@link instrumentLabelPaths}). The page uses the
 * site layout; the site stylesheet's print rules drop the header, the footer and the explanations
 * (`.no-print`) so that only the label is printed.
 * @param view - the instance's view model.
 * @param options - the base URL and the landing page's path.
 * @returns a complete HTML5 document.
 * @example
 * sendPage(res, 200, renderLabelPage(await pids.landingView(record, path), { baseUrl, landingHref: path }));
 */
export function renderLabelPage(view: LandingView, options: LabelPageOptions): string {
  const paths = instrumentLabelPaths(view.iri, options.baseUrl);
  const pid = pidFromIri(view.iri);
  const facility = view.chain.facility;
  const facilityPid = facility === undefined ? undefined : pidFromIri(facility.iri);
  const status = view.lifecycle?.status;
  const row = (name: string, value: Html | string | undefined): Html | undefined =>
    value === undefined ? undefined : html`<div><dt>${name}</dt><dd>${value}</dd></div>`;
  const rows = [
    row('PID', html`<code>${pid?.curie ?? view.iri}</code>`),
    row('Facility', facility === undefined ? undefined : html`${facility.label}${facilityPid?.scheme === 'rrid' && html` <code>${facilityPid.curie}</code>`}`),
    row('Model', view.chain.model?.label),
    row('Serial number', view.serialNumber === undefined ? undefined : html`<code>${view.serialNumber}</code>`),
    row('Status', status === undefined ? undefined : capitalize(status.label)),
  ].filter((r) => r !== undefined);
  const main = html`<div class="no-print">
<p class="eyebrow">Printable label</p>
<p>Print this page (the browser's Print command) and stick the label on the instrument: the QR code opens its record. ${link(options.landingHref, 'Back to the record')}.</p>
</div>
<article class="instrument-label" aria-labelledby="label-title">
<img class="qr" src="${paths.qrCode}" width="${QR_SIZE_PX}" height="${QR_SIZE_PX}" alt="QR code of ${paths.resolvable}">
<div class="label-text">
<h1 id="label-title">${view.title}</h1>
<dl>
${joinHtml(rows, '\n')}
</dl>
<p class="resolves"><code>${paths.resolvable}</code></p>
</div>
</article>`;
  return layout({
    title: `Label · ${view.title} · imaging-phd`,
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}
