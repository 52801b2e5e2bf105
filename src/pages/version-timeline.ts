import type { ConfigurationVersion } from '../pid/landing-view.js';

/** An instance's configuration versions as the pages show them. */
export interface VersionTimeline {
  /** In time order: by `validFrom`, undated last, otherwise as given. */
  readonly versions: readonly ConfigurationVersion[];
  /** The latest version still in effect: the last one that is neither withdrawn nor superseded. */
  readonly latest: ConfigurationVersion | undefined;
  /** The short name of a version: `v2`, or its position in the view's list when it has no number. */
  readonly nameOf: (version: ConfigurationVersion) => string;
}

/**
 * Orders a view's configuration versions for display.
 * @param configurations - the versions, as the view lists them.
 * @returns the timeline.
 */
export function versionTimeline(configurations: readonly ConfigurationVersion[]): VersionTimeline {
  const versions = configurations
    .map((version, index) => ({ version, index }))
    .sort((a, b) => (a.version.validFrom ?? '\uffff').localeCompare(b.version.validFrom ?? '\uffff') || a.index - b.index)
    .map(({ version }) => version);
  return {
    versions,
    latest: [...versions].reverse().find((v) => !v.withdrawn && v.validUntil === undefined),
    nameOf: (version) => (version.version === undefined ? `#${configurations.indexOf(version) + 1}` : `v${version.version}`),
  };
}
