import type { Quad } from 'n3';
import type { ValidationIssue } from '../validation/index.js';
import { componentFields } from './component-form.js';
import type { ComponentKind } from './component-form.js';
import { describeIssues } from './issues-in-words.js';

/** A component the form added, as stored: its kind, tier and IRI. */
export interface AddedComponent {
  readonly kind: ComponentKind;
  readonly tier: number;
  readonly iri: string;
}

/**
 * The validation problems of a new version, in words ({@link describeIssues}), keyed for the form:
 * a problem about a field the form shows for an added component goes beside that field
 * (`{kind}-{name}`), every other one to the form's summary (`''`, `_1`, …), each once.
 * @param issues - the violations the record service refused the version with.
 * @param quads - the new version's triples (to name its parts).
 * @param added - the components the form added.
 * @returns errors by form field name.
 */
export function componentIssueErrors(issues: readonly ValidationIssue[], quads: readonly Quad[], added: readonly AddedComponent[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const general: string[] = [];
  describeIssues(issues, quads).forEach((words, i) => {
    const issue = issues[i];
    const component = added.find((c) => issue !== undefined && (issue.focusNode === c.iri || issue.focusNode.startsWith(`${c.iri}/`)));
    const local = issue?.path?.slice(Math.max(issue.path.lastIndexOf('#'), issue.path.lastIndexOf('/')) + 1);
    const field = component === undefined ? undefined : componentFields(component.kind, component.tier).find((f) => f.name === local || f.tiered?.property === issue?.path);
    const key = component === undefined || field === undefined ? undefined : `${component.kind}-${field.name}`;
    if (key !== undefined && errors[key] === undefined) errors[key] = words.text;
    else if (key === undefined && !general.includes(words.text)) general.push(words.text);
  });
  general.forEach((text, i) => {
    errors[i === 0 ? '' : `_${i}`] = text;
  });
  return errors;
}
