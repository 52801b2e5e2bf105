import type { ConfigurationVersion, DatedVersion, InstrumentStatusTerm } from '../domain/index.js';
import type { RecordKind } from '../domain/index.js';
import type { LinkedResource } from './linked-resource.js';

/**
 * One configuration version in an instance's timeline, as a landing page shows it: the domain's
 * version with its derived `validUntil` (domain/configuration-timeline.ts) and a link.
 */
export interface ConfigurationVersionView extends LinkedResource, DatedVersion<ConfigurationVersion> {
  readonly withdrawn: boolean;
  /** Why the hardware changed, in the words of whoever wrote the version (its `rdfs:comment`). */
  readonly changeNote?: string | undefined;
  /** What changed since the version before it on the timeline; absent for the first version. */
  readonly changes?: VersionChangesView;
}

/** What changed in a configuration version since its predecessor on the timeline. */
export interface VersionChangesView {
  /** The version before it. */
  readonly previous: LinkedResource;
  /** The diff page of the two: `/pid/{previous}/diff/{version}`. */
  readonly diffHref: string;
  /** The diff in words: `1 component added: HyD 2; 1 removed: PMT 2`. */
  readonly summary: string;
}

/**
 * The records linked to this one through one relation: those its own graph names (a model's
 * manufacturer, the datasets a publication cites), or those pointing at it from statements kept
 * in their own graphs (`<facility> phd:operates <instance>` is in the instance's record): a
 * facility's instruments, a model's instances, the datasets acquired with a configuration…
 */
export interface LinkGroup {
  /** What the list is, seen from this record: `Instruments it operates`. */
  readonly heading: string;
  /** The predicate's IRI. */
  readonly predicate: string;
  /** Its compact form (`phd:operates`), or the IRI. */
  readonly curie: string;
  /** Whether this record is the subject (`<this> p <other>`) or the object of the statements. */
  readonly role: 'subject' | 'object';
  /** The records at the other end, by label. */
  readonly records: readonly LinkedResource[];
}

/** A component of a configuration, flattened for display. */
export interface ComponentRow {
  readonly iri: string;
  /** NBO-Q class local name (e.g. `Objective`) and its label (e.g. `objective`). */
  readonly classLocal: string;
  readonly classLabel: string;
  readonly label: string;
  /** Field label → display value (values with units already joined: `0.14 mm`), and the property it was read from. */
  readonly fields: readonly { readonly name: string; readonly value: string; readonly property?: string }[];
}

/** A hardware component that acquisition settings refer to (`phd:usesComponent`). */
export interface UsedComponent {
  readonly iri: string;
  readonly label: string;
  /** Human label of its NBO-Q class (`objective`, `CMOS`); undefined when no configuration describes it. */
  readonly classLabel: string | undefined;
  /**
   * Where it is described: its row on its configuration's landing page (`…#component-…`, see
   * {@link componentAnchor}); undefined when no live configuration holds it.
   */
  readonly href: string | undefined;
}

/** One NBO-Q settings node of an acquisition: the components it applies to and the values set. */
export interface AppliedSettings {
  readonly components: readonly UsedComponent[];
  /** Setting label → display value, units already joined (`illumination power settings` → `50 %`). */
  readonly values: readonly { readonly name: string; readonly value: string }[];
}

/** One channel of an acquisition (`{dataset}/channel/{n}`, an nboq:Channel), flattened for display. */
export interface ChannelSettings {
  readonly iri: string;
  /** The `n` of `{dataset}/channel/{n}`, which orders the channels; undefined for other IRIs. */
  readonly number: number | undefined;
  readonly name: string;
  readonly fluorophore: string | undefined;
  /** Excitation wavelength with its unit (`402 nm`), from the canonical `_nm` value where there is one. */
  readonly excitation: string | undefined;
  /** Emission wavelength with its unit, like {@link ChannelSettings.excitation}. */
  readonly emission: string | undefined;
  readonly lightSources: readonly AppliedSettings[];
  readonly detectors: readonly AppliedSettings[];
  /** Components the channel itself uses: its filter set, and the filters and dichroic of its light path. */
  readonly lightPath: readonly UsedComponent[];
  /** NBO-Q illumination type and contrast method, as recorded. */
  readonly illuminationType: string | undefined;
  readonly contrastMethod: string | undefined;
}

/** How a dataset was acquired: its objective settings and its channels (`phd:hasSettings`). */
export interface AcquisitionSettings {
  readonly objective: AppliedSettings | undefined;
  /** In channel order. */
  readonly channels: readonly ChannelSettings[];
}

/**
 * The fragment id of a component's row on its configuration's landing page. The resolver builds
 * links to it and the renderer writes it, so both sides share this one definition. Components
 * named `{configuration}/component/{id}` use the `{id}`; others their whole IRI. Characters other
 * than ASCII letters, digits, `_` and `-` become `.{hex code point}.`, which keeps distinct IRIs
 * distinct and the id valid unescaped in a URL fragment.
 * @param componentIri - the component's IRI.
 * @param configurationIri - the IRI of the configuration that has it.
 * @returns the id, without `#`.
 * @example
 * componentAnchor('https://x.org/id/configuration/c1/component/Objective-0-0', 'https://x.org/id/configuration/c1'); // 'component-Objective-0-0'
 */
export function componentAnchor(componentIri: string, configurationIri: string): string {
  const prefix = `${configurationIri}/component/`;
  const local = componentIri.startsWith(prefix) && componentIri.length > prefix.length ? componentIri.slice(prefix.length) : componentIri;
  return `component-${local.replace(/[^A-Za-z0-9_-]/gu, (c) => `.${(c.codePointAt(0) ?? 0).toString(16)}.`)}`;
}

/** An instrument instance's place in its life cycle, as stated in its record (dates `YYYY-MM-DD`). */
export interface InstrumentLifecycleView {
  /** `phd:instrumentStatus`; undefined when the record states none. */
  readonly status: InstrumentStatusTerm | undefined;
  /** `phd:statusSince`: when the status took effect. */
  readonly since: string | undefined;
  readonly commissioned: string | undefined;
  readonly decommissioned: string | undefined;
}

/** Everything a landing page shows, computed from the store; the renderer does no I/O. */
export interface LandingView {
  readonly iri: string;
  readonly kind: RecordKind;
  readonly title: string;
  /** The PID spellings: canonical IRI, CURIE (`doi:…`), and the literal identifiers kept. */
  readonly identifiers: readonly string[];
  /** The record's former names (`owl:sameAs`: the local IRI it had before it adopted a PID); they redirect here. */
  readonly formerly?: readonly string[];
  readonly description: string | undefined;
  /** Property label → values, for the record's own literal facts (name, serial number, dates…). */
  readonly facts: readonly { readonly name: string; readonly values: readonly string[] }[];
  /** The tier chain, as far as it exists for this record. */
  readonly chain: {
    readonly facility?: LinkedResource;
    readonly organization?: LinkedResource;
    readonly model?: LinkedResource;
    readonly instance?: LinkedResource;
    readonly configurations: readonly ConfigurationVersionView[];
    /** The configuration this page is about (for configuration and dataset pages). */
    readonly current?: LinkedResource;
  };
  readonly components: readonly ComponentRow[];
  /** An instance's status and life-cycle dates; absent for other kinds and when the record states none. */
  readonly lifecycle?: InstrumentLifecycleView;
  /** An instance's serial number (`phd:serialNumber`), for its printable label. */
  readonly serialNumber?: string;
  /** A dataset's acquisition settings; absent when it records none (and for other kinds). */
  readonly acquisition?: AcquisitionSettings;
  readonly datasets: readonly (LinkedResource & { readonly created: string | undefined })[];
  readonly publications: readonly LinkedResource[];
  readonly people: readonly LinkedResource[];
  /** The links its own graph holds to other records, by relation. */
  readonly linksTo?: readonly LinkGroup[];
  /** The links other records hold to this one, by relation (also in its machine-readable formats). */
  readonly linkedFrom?: readonly LinkGroup[];
  /** Other serializations of this record: media type → URL. */
  readonly alternates: readonly { readonly mediaType: string; readonly href: string }[];
  /** schema.org JSON-LD to embed in a <script type="application/ld+json">. */
  readonly schemaOrg: object;
  readonly version: number;
  readonly updatedAt: string;
}
