/**
 * One stored version of an instrument instance's hardware configuration, as far as the timeline
 * needs it. Callers extend it with what they carry along (its graph, a label, a link…).
 */
export interface ConfigurationVersion {
  /** The configuration's IRI. */
  readonly iri: string;
  /** `phd:validFrom`, YYYY-MM-DD; undefined when the record states none. */
  readonly validFrom: string | undefined;
  /** `phd:versionNumber`; undefined when the record states none. */
  readonly versionNumber: number | undefined;
}

/** A version with its derived end: the next version's `validFrom` (DESIGN §1). */
export type DatedVersion<V extends ConfigurationVersion> = V & {
  /** Derived, never stored: the next version's validFrom; undefined for the latest. */
  readonly validUntil: string | undefined;
};

/**
 * The order of versions in time, the one rule every caller shares: by `validFrom` (YYYY-MM-DD
 * compares as text), a version without a date first; on the same date, by version number, an
 * unnumbered one first; then by IRI, so that the order never depends on the order a store returns
 * links in.
 * @param a - one version.
 * @param b - another version.
 * @returns negative when a comes first, positive when b does, 0 for the same IRI.
 */
export function compareVersions(a: ConfigurationVersion, b: ConfigurationVersion): number {
  return (a.validFrom ?? '').localeCompare(b.validFrom ?? '')
    || (a.versionNumber ?? 0) - (b.versionNumber ?? 0)
    || (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0);
}

/** Whether a version states its date (importers write a missing one as ''). */
function isDated(version: ConfigurationVersion): version is ConfigurationVersion & { readonly validFrom: string } {
  return version.validFrom !== undefined && version.validFrom !== '';
}

/**
 * The version timeline of one hardware configuration: its versions in time order, the version in
 * effect on a date, the latest, and each version's derived `validUntil`. `validUntil` is never
 * stored (shapes/records.ttl): a version is in effect from its `validFrom` until the next
 * version's `validFrom`, exclusive.
 * @example
 * const timeline = new ConfigurationTimeline([v2, v1]);
 * timeline.inEffectOn('2021-05-01'); // v1 while v2 is valid from a later date
 * timeline.latest; // v2
 */
export class ConfigurationTimeline<V extends ConfigurationVersion> {
  /** The versions in time order (see {@link compareVersions}). */
  public readonly versions: readonly V[];

  /**
   * @param versions - the versions, in any order; withdrawn ones should be left out by the caller.
   */
  public constructor(versions: Iterable<V>) {
    this.versions = Object.freeze([...versions].sort(compareVersions));
  }

  /** The latest version (the one in effect from its date on), or undefined for no versions. */
  public get latest(): V | undefined {
    return this.versions.at(-1);
  }

  /** The earliest `validFrom` of any version: since when the instance has had a known configuration. */
  public get firstValidFrom(): string | undefined {
    return this.versions.find(isDated)?.validFrom;
  }

  /**
   * The number a new version gets: one more than the highest so far (the numbers count versions;
   * they do not order them, dates do).
   * @returns 1 for an empty timeline.
   */
  public get nextVersionNumber(): number {
    return this.versions.reduce((max, v) => Math.max(max, v.versionNumber ?? 0), 0) + 1;
  }

  /**
   * The version in effect on a day: the last one valid from that day or before. A version without
   * a date (undefined or '') is never in effect on any date.
   * @param date - YYYY-MM-DD.
   * @returns the version, or undefined when the first dated version is later than the date.
   */
  public inEffectOn(date: string): V | undefined {
    return this.versions.findLast((v) => isDated(v) && v.validFrom <= date);
  }

  /**
   * The version before one in time order: the one a new version is compared with to say what changed.
   * @param version - a version of this timeline.
   * @returns the previous version; undefined for the first (or a version not in the timeline).
   */
  public predecessor(version: V): V | undefined {
    const index = this.versions.indexOf(version);
    return index <= 0 ? undefined : this.versions[index - 1];
  }

  /**
   * The derived end of a version's period: the validFrom of the version after it.
   * @param version - a version of this timeline.
   * @returns the next version's validFrom; undefined for the latest (or a version not in the timeline).
   */
  public validUntil(version: V): string | undefined {
    const index = this.versions.indexOf(version);
    return index < 0 ? undefined : this.versions[index + 1]?.validFrom;
  }

  /**
   * Every version with its derived `validUntil`, in time order.
   * @returns new objects: each version's own fields plus `validUntil`.
   */
  public dated(): DatedVersion<V>[] {
    return this.versions.map((v, i) => ({ ...v, validUntil: this.versions[i + 1]?.validFrom }));
  }
}
