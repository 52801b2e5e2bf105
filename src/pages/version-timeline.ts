import { ConfigurationTimeline } from '../domain/index.js';
import type { ConfigurationVersionView } from '../pid/index.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/** An instance's configuration versions as the pages show them. */
export interface VersionTimeline {
  /** In time order (the domain's ConfigurationTimeline order). */
  readonly versions: readonly ConfigurationVersionView[];
  /** The latest version still in effect: the latest one that is not withdrawn. */
  readonly latest: ConfigurationVersionView | undefined;
  /** The short name of a version: `v2`, or its position in the view's list when it has no number. */
  readonly nameOf: (version: ConfigurationVersionView) => string;
}

/**
 * Orders a view's configuration versions for display.
 * @param configurations - the versions, as the view lists them.
 * @returns the timeline.
 */
export function versionTimeline(configurations: readonly ConfigurationVersionView[]): VersionTimeline {
  return {
    versions: new ConfigurationTimeline(configurations).versions,
    latest: new ConfigurationTimeline(configurations.filter((v) => !v.withdrawn)).latest,
    nameOf: (version) => (version.versionNumber === undefined ? `#${configurations.indexOf(version) + 1}` : `v${version.versionNumber}`),
  };
}

/**
 * What changed in a version, for its row on the timeline: a link to the diff with its predecessor
 * and the diff in words, then the version's change note; nothing for a first version without a note.
 * @param version - a version of the timeline.
 * @param timeline - the timeline (names the predecessor).
 * @returns the markup, or undefined.
 */
export function versionChanges(version: ConfigurationVersionView, timeline: VersionTimeline): Html | undefined {
  const { changes, changeNote } = version;
  if (changes === undefined && changeNote === undefined) return undefined;
  const previous = changes === undefined ? undefined : timeline.versions.find((v) => v.iri === changes.previous.iri);
  const since = changes === undefined
    ? undefined
    : html`${link(changes.diffHref, `Changes since ${previous === undefined ? changes.previous.label : timeline.nameOf(previous)}`)}: ${changes.summary}.`;
  const note = changeNote === undefined ? undefined : html`Change note: “${changeNote}”`;
  return html`<br><span class="changes">${since}${since !== undefined && note !== undefined && ' '}${note}</span>`;
}
