import type { MicrometaPlan, OmeImportPlan, PlannedComponent, PlannedRecord } from '../importers/index.js';
import { notMappedLine } from '../importers/index.js';
import { html, joinHtml } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import type { ValidationIssue } from '../validation/index.js';
import { csrfField } from './form-controls.js';
import { describeIssues } from './issues-in-words.js';
import type { Viewer } from './viewer.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** The plan of an upload, by format. */
export type UploadPlan = { readonly format: 'micrometa'; readonly plan: MicrometaPlan } | { readonly format: 'ome-xml'; readonly plan: OmeImportPlan };

/** What the preview page shows. */
export interface UploadPreviewParts {
  readonly viewer: Viewer;
  /** The pending upload's id (the confirm form's `upload` field). */
  readonly id: string;
  readonly fileName: string;
  readonly instance: { readonly iri: string; readonly label: string };
  readonly upload: UploadPlan;
}

/**
 * Whether confirming the plan would store anything, and may: no violation, and something new.
 * @param upload - the plan.
 * @returns true when the page offers "Confirm and store".
 */
export function confirmable(upload: UploadPlan): boolean {
  if (!upload.plan.conforms) return false;
  return upload.format === 'micrometa' ? upload.plan.status === 'create' : upload.plan.records.length > 0;
}

function componentsTable(components: readonly PlannedComponent[], id: string): Html {
  if (components.length === 0) return html`<p>No components.</p>`;
  const rows = components.map((c) => {
    const fields = c.fields.filter((f) => f.name !== 'identifier');
    return html`<tr><td>${c.kind}</td><th scope="row">${c.label}</th><td>${fields.length === 0 ? '—' : joinHtml(fields.map((f) => html`${f.name}: ${f.value}`), '<br>')}</td></tr>`;
  });
  return html`<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption id="${id}">Components (${components.length}), values with their units</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">Values</th></tr></thead>
<tbody>${joinHtml(rows, '\n')}</tbody></table></div>`;
}

function issuesSection(issues: readonly ValidationIssue[], records: readonly PlannedRecord[]): Html {
  if (issues.length === 0) return html`<section aria-labelledby="validation"><h2 id="validation">Validation</h2><p>No problems found: the file meets what its tier requires.</p></section>`;
  const words = describeIssues(issues, records.flatMap((r) => r.quads));
  const violations = words.filter((w) => w.severity === 'Violation').length;
  const items = words.map((w) => html`<li>${w.severity === 'Violation' ? '' : html`<strong>${w.severity}:</strong> `}${w.text}</li>`);
  const table = words.map((w) => html`<tr><td>${w.about}</td><td>${w.field ?? '—'}</td><td>${w.tier === undefined ? '—' : `tier ${w.tier}`}</td></tr>`);
  return html`<section aria-labelledby="validation"><h2 id="validation">Validation</h2>
${violations > 0 && html`<div class="error" role="alert"><p><strong>${violations === 1 ? 'One problem must be fixed' : `${violations} problems must be fixed`} before this file can be stored.</strong> Correct the file (in Micro-Meta App, or the program that wrote it), then upload it again.</p></div>`}
<ul id="issues">${joinHtml(items, '\n')}</ul>
<div class="scroll" role="region" aria-labelledby="issues-table" tabindex="0"><table><caption id="issues-table">The problems by part, field and tier</caption>
<thead><tr><th scope="col">Part</th><th scope="col">Field</th><th scope="col">Tier</th></tr></thead><tbody>${joinHtml(table, '\n')}</tbody></table></div>
</section>`;
}

function changesList(changes: readonly string[]): Html {
  return html`<ul>${joinHtml(changes.map((c) => html`<li>${c}</li>`), '\n')}</ul>`;
}

/** A plan said in two parts: the summary sentence (first on the page), and the details (after what to fix). */
type PlanParts = readonly [summary: Html, details: Html];

function micrometaMain(plan: MicrometaPlan, instance: string): PlanParts {
  if (plan.status === 'unchanged') {
    return [
      html`<p id="summary"><strong>Unchanged — nothing to store.</strong> The configuration in effect (version ${plan.version}, valid from ${plan.validFrom}) already describes this hardware.</p>`,
      html`<section aria-labelledby="components"><h2 id="components">Components</h2>${componentsTable(plan.components, 'components-caption')}</section>`,
    ];
  }
  const what = plan.revises === undefined
    ? html`the first configuration of ${instance}`
    : html`a new version of ${instance} — version ${plan.version}, replacing the version in effect`;
  const changes = plan.revises === undefined
    ? false
    : html`<section aria-labelledby="changes"><h2 id="changes">Changes from the version in effect</h2>${plan.changes.length === 0 ? html`<p>No field changes; the file differs only in names or tier.</p>` : changesList(plan.changes)}</section>`;
  return [
    html`<p id="summary">This file would be stored as <strong>${what}</strong>, valid from ${plan.validFrom}, described at tier ${plan.tier}${plan.iri === undefined ? '' : html`, named ${plan.iri}`}.</p>`,
    html`${changes}
<section aria-labelledby="components"><h2 id="components">Components</h2>${componentsTable(plan.components, 'components-caption')}</section>`,
  ];
}

function omeMain(plan: OmeImportPlan): PlanParts {
  const fresh = plan.datasets.filter((d) => d.status === 'created');
  const rows = plan.datasets.map((d) => html`<tr><th scope="row">${d.title}</th><td>${d.acquired}</td><td>${d.status === 'created' ? 'would be created' : 'already stored'}</td></tr>`);
  const datasets = plan.datasets.length === 0 ? html`<p>The header holds no image.</p>` : html`<div class="scroll" role="region" aria-labelledby="datasets-caption" tabindex="0"><table><caption id="datasets-caption">Datasets (${plan.datasets.length})</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Acquired</th><th scope="col">What happens</th></tr></thead><tbody>${joinHtml(rows, '\n')}</tbody></table></div>`;
  const hardware = plan.configurations.map((c, i) => (c.status === 'matched'
    ? html`<p>Instrument ${c.instrument}: <strong>no new hardware version</strong> — it matches the configuration in effect.</p>`
    : html`<p>Instrument ${c.instrument}: <strong>a new hardware version would be created</strong>, valid from ${c.validFrom}${c.revises === undefined ? '' : ', replacing the version in effect'}.</p>
${c.differences.length > 0 && html`<p>It differs from the version in effect: ${c.differences.join('; ')}.</p>`}
${c.changes.length > 0 && changesList(c.changes)}
${componentsTable(c.components, `components-caption-${i}`)}`));
  return [html`<p id="summary">This header would add <strong>${fresh.length === 0 ? 'no dataset' : fresh.length === 1 ? '1 dataset' : `${fresh.length} datasets`}</strong>${plan.datasets.length > fresh.length ? html` (${plan.datasets.length - fresh.length} already stored)` : ''}.</p>
${plan.notice !== undefined && html`<p class="notice">${plan.notice}</p>`}`, html`<section aria-labelledby="datasets"><h2 id="datasets">Datasets</h2>${datasets}</section>
<section aria-labelledby="hardware"><h2 id="hardware">Hardware</h2>${plan.configurations.length === 0 ? html`<p>The header names no hardware; the images were taken with the configuration in effect.</p>` : joinHtml(hardware, '\n')}</section>`];
}

/**
 * The preview of an upload: what would be stored, in words — the configuration and its components,
 * the validation report (part, field, tier, what to fix), the changes from the version in effect
 * or "Unchanged — nothing to store"; for OME-XML the datasets and whether a new hardware version
 * would be created. The "Confirm and store" button (a form to the confirm path with the `upload`
 * id) is there only when the file would be stored cleanly; else the page says what to fix and
 * links to "Upload a corrected file".
 * @param parts - viewer, upload id, file name, instrument, plan.
 * @returns the page.
 */
export function uploadPreviewPage(parts: UploadPreviewParts): string {
  const { upload } = parts;
  const plan = upload.plan;
  const again = workspaceHref(WORKSPACE_PATHS.upload, { instance: parts.instance.iri, format: upload.format });
  const [summary, details] = upload.format === 'micrometa' ? micrometaMain(upload.plan, parts.instance.label) : omeMain(upload.plan);
  const warnings = [...plan.warnings, ...plan.notMapped.map(notMappedLine)];
  const action = confirmable(upload)
    ? html`<form method="post" action="${WORKSPACE_PATHS.uploadConfirm}">${csrfField(parts.viewer.session.csrf)}<input type="hidden" name="upload" value="${parts.id}"><p><button type="submit">Confirm and store</button> <a class="button secondary" href="${again}">Upload another file</a></p></form>`
    : plan.conforms
      ? html`<p><a class="button secondary" href="${again}">Upload another file</a></p>`
      : html`<p><a class="button" href="${again}">Upload a corrected file</a></p>`;
  const main = html`<h1>Check before storing</h1>
<p>File <strong>${parts.fileName}</strong> for <strong>${parts.instance.label}</strong>. Nothing has been stored yet.</p>
${summary}
${issuesSection(plan.issues, plan.records)}
${details}
${warnings.length > 0 && html`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><p>What the file holds that is not stored as a fact, and other remarks:</p><ul>${joinHtml(warnings.slice(0, 50).map((w) => html`<li>${w}</li>`), '\n')}</ul>${warnings.length > 50 && html`<p>… and ${warnings.length - 50} more.</p>`}</section>`}
${action}`;
  return workspacePage({ title: 'Check before storing', viewer: parts.viewer, main });
}
