import N3 from 'n3';
import { html, timeElement } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import type { HistoryEntry, RecordMeta } from '../store/index.js';
import { csrfField } from './form-controls.js';
import type { Viewer } from './viewer.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** How many changed triples a revision lists before it says "and N more". */
const SHOWN_TRIPLES = 40;

/** What the history page is drawn from. */
export interface HistoryPageInput {
  readonly record: RecordMeta;
  /** The record's name for the heading. */
  readonly name: string;
  readonly entries: readonly HistoryEntry[];
  readonly viewer: Viewer;
  /** Whether the viewer may write the record (restore buttons). */
  readonly write: boolean;
  /** Who an actor is, in words (a person's name, "the administrator"). */
  readonly actorName: (actor: string) => string;
  /** What the last action did, in words. */
  readonly done?: string | undefined;
}

/** The last part of an IRI, for reading. */
function shortName(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  return cut < 0 || cut === iri.length - 1 ? iri : iri.slice(cut + 1);
}

/**
 * Changed triples as lines people read: the subject relative to the record (`the record`, `/component/x`),
 * the property's local name, the value.
 * @param ntriples - the triples.
 * @param iri - the record.
 * @returns the lines.
 */
export function readableTriples(ntriples: string, iri: string): string[] {
  if (ntriples === '') return [];
  return new N3.Parser({ format: 'N-Triples' }).parse(ntriples).map((q) => {
    const subject = q.subject.value === iri ? 'the record' : q.subject.value.startsWith(iri) ? q.subject.value.slice(iri.length) : q.subject.termType === 'BlankNode' ? 'a part' : q.subject.value;
    const object = q.object.termType === 'Literal' ? `"${q.object.value}"` : q.object.termType === 'BlankNode' ? 'a part' : q.object.value;
    return `${subject} · ${shortName(q.predicate.value)} · ${object}`;
  });
}

function changeList(kind: 'added' | 'removed', lines: readonly string[]): Html | false {
  if (lines.length === 0) return false;
  const more = lines.length - SHOWN_TRIPLES;
  return html`<details><summary>${lines.length} ${kind === 'added' ? 'statement(s) added' : 'statement(s) removed'}</summary><ul class="plain changes ${kind}">${lines.slice(0, SHOWN_TRIPLES).map((line) => html`<li>${kind === 'added' ? '+ ' : '− '}${line}</li>`)}</ul>${more > 0 && html`<p class="muted">and ${more} more.</p>`}</details>`;
}

const ACTION_WORDS: Readonly<Record<HistoryEntry['action'], string>> = { create: 'Created', update: 'Changed', delete: 'Withdrawn' };

/**
 * A record's revisions, newest first: version, when, who, what changed, the note; a "restore this
 * version" button on earlier revisions of a record that is not a configuration, for those who may write.
 * @param input - the record, its history, the viewer.
 * @returns the page's main content.
 */
export function historyPage(input: HistoryPageInput): Html {
  const { record, entries, viewer } = input;
  const restorable = input.write && record.kind !== 'configuration' && record.deletedAt === undefined;
  const items = [...entries].reverse().map((entry) => html`<li><h2>Version ${entry.version}: ${ACTION_WORDS[entry.action]}</h2>
<p>${timeElement(entry.at)} by ${input.actorName(entry.actor)}</p>
${entry.note !== undefined && html`<p>Note: ${entry.note}</p>`}
${changeList('added', readableTriples(entry.added, record.iri))}${changeList('removed', readableTriples(entry.removed, record.iri))}
${restorable && entry.version !== record.version && entry.action !== 'delete' && html`<form method="post" action="${WORKSPACE_PATHS.restore}">${csrfField(viewer.session.csrf)}<input type="hidden" name="iri" value="${record.iri}"><input type="hidden" name="version" value="${String(entry.version)}"><input type="hidden" name="etag" value="${record.etag}"><button type="submit" class="secondary">Restore version ${entry.version}</button></form>`}</li>`);
  return html`<p class="eyebrow">History</p><h1>${input.name}</h1>
${input.done !== undefined && html`<p class="notice" role="status">${input.done}</p>`}
<p><code>${record.iri}</code> · ${record.kind}${record.deletedAt !== undefined && html` · withdrawn on ${timeElement(record.deletedAt)}`}</p>
${record.kind === 'configuration' && html`<p class="notice">A hardware configuration is immutable: it is never restored or changed. Describe changed hardware as a new version.</p>`}
${record.kind === 'instance' && html`<p><a href="${workspaceHref(WORKSPACE_PATHS.instrument, { iri: record.iri })}">Back to the instrument</a></p>`}
<ol class="plain history" reversed>${items}</ol>`;
}
