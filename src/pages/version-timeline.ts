import { ConfigurationTimeline } from '../domain/index.js';
import type { ConfigurationVersionView } from '../pid/index.js';

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
