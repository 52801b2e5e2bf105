import { html, raw } from './html.js';
import type { Html } from './html.js';
import { layout } from './layout.js';
import { timeElement } from './time-element.js';

/** An RFC 9457 problem, as the error handler built it: the standard members and the extensions. */
export interface ProblemPageInput {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** The request the problem is about (the path asked for). */
  readonly instance?: string | undefined;
  /** The stable error code (`not-found`, `invalid-pid`, `gone`…). */
  readonly code?: unknown;
  /** Extension members (`deletedAt`, `violations`, `field`, `allow`…). */
  readonly [extension: string]: unknown;
}

/** Codes of a PID or record path that could not be read. */
const UNREADABLE_IDENTIFIER: ReadonlySet<string> = new Set(['invalid-pid', 'bad-encoding', 'missing-pid', 'ambiguous-pid-path', 'bad-kind']);

/** Paths whose last part names a record (a 404 there means: no such record). */
const RECORD_PATH = /^\/(?:pid|id|records|export)\//;

/** The heading and the advice (fixed markup written here) for the problems people meet by following links. */
function explanation(problem: ProblemPageInput): { heading: string; advice: Html } | undefined {
  if (problem.status === 400 && typeof problem.code === 'string' && UNREADABLE_IDENTIFIER.has(problem.code)) {
    return { heading: 'This identifier cannot be read', advice: raw('Check how the identifier is written. In a chain of PIDs, percent-encode the slashes inside each PID (<code>doi:10.1000%2Fxyz</code>).') };
  }
  if (problem.status === 404 && RECORD_PATH.test(problem.instance ?? '')) {
    return { heading: 'No record has this identifier', advice: html`Check the identifier for typing errors. If it was minted recently, the record may not be registered here yet.` };
  }
  if (problem.status === 404) {
    return { heading: 'Nothing is served at this address', advice: html`Check the address for typing errors.` };
  }
  if (problem.status === 410) {
    return { heading: 'This record was withdrawn', advice: html`The record was withdrawn by the facility that kept it. Its identifier stays reserved and is never given to another record.` };
  }
  return undefined;
}

/** The SHACL violations of a 422, as a list (their focus node, path and message). */
function violationList(violations: unknown): Html | undefined {
  if (!Array.isArray(violations) || violations.length === 0) return undefined;
  const items = (violations as unknown[]).map((v) => {
    const { message, path, focusNode } = (v ?? {}) as { message?: unknown; path?: unknown; focusNode?: unknown };
    const where = [focusNode, path].filter((x): x is string => typeof x === 'string');
    return html`<li>${typeof message === 'string' ? message : 'Constraint violated'}${where.length > 0 && html` <span class="muted">(<code>${where.join(' ')}</code>)</span>`}</li>`;
  });
  return html`<h2 id="violations">What breaks the model</h2>
<ul class="plain">${items}</ul>`;
}

/**
 * Renders the HTML page a browser gets instead of an RFC 9457 problem document, for any route:
 * the status and title, a heading and advice for the problems people meet by following links
 * (unreadable identifier, unknown record, withdrawn record — with its tombstone date from
 * `deletedAt`), the detail, the path asked for, the parameter at fault and any SHACL violations.
 * Everything is read from the problem's members, never parsed out of its prose.
 *
 * @param problem - the problem details, as the error handler built them.
 * @returns a complete HTML5 document (`noindex`).
 * @example
 * res.status(410).type('html').send(renderProblemPage(problemOf(error, req.originalUrl)));
 */
export function renderProblemPage(problem: ProblemPageInput): string {
  const text = explanation(problem);
  const deletedAt = problem.status === 410 && typeof problem.deletedAt === 'string' ? problem.deletedAt : undefined;
  const reason = deletedAt !== undefined && typeof problem.reason === 'string' ? problem.reason : undefined;
  const field = typeof problem.field === 'string' ? problem.field : undefined;
  const main = html`<p class="eyebrow">Error ${problem.status} · ${problem.title}</p>
<h1>${text?.heading ?? problem.title}</h1>
${deletedAt !== undefined && html`<p class="notice warn"><strong>Withdrawn on ${timeElement(deletedAt)}.</strong>${reason !== undefined && html` Reason: ${reason}`}</p>\n`}<p class="lead">${problem.detail}</p>
${problem.instance !== undefined && html`<p>Requested: <code>${problem.instance}</code></p>\n`}${field !== undefined && html`<p>Parameter at fault: <code>${field}</code></p>\n`}${violationList(problem.violations)}
${text !== undefined && html`<p>${text.advice}</p>\n`}<p>Find records with the <a href="/search">search</a> or the <a href="/sparql">SPARQL endpoint</a>, or go to the <a href="/">start page</a>.</p>`;
  return layout({
    title: `${problem.status} ${problem.title} · imaging-phd`,
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}
