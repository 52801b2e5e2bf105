import type { RecordKind } from '../domain/records.js';

/** A linked resource shown on a landing page: its IRI, a label, and the local URL that resolves it. */
export interface LinkedResource {
  readonly iri: string;
  readonly label: string;
  /** Path on this service that dereferences it (`/pid/…` or `/id/…`). */
  readonly href: string;
}

/** One configuration version in an instance's timeline. */
export interface ConfigurationVersion extends LinkedResource {
  readonly version: number | undefined;
  readonly validFrom: string | undefined;
  /** Derived: the next version's validFrom. */
  readonly validUntil: string | undefined;
  readonly withdrawn: boolean;
}

/** A component of a configuration, flattened for display. */
export interface ComponentRow {
  readonly iri: string;
  /** NBO-Q class local name (e.g. `Objective`) and its label (e.g. `objective`). */
  readonly classLocal: string;
  readonly classLabel: string;
  readonly label: string;
  /** Field label → display value (values with units already joined: `0.14 mm`). */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

/** Everything a landing page shows, computed from the store; the renderer does no I/O. */
export interface LandingView {
  readonly iri: string;
  readonly kind: RecordKind;
  readonly title: string;
  /** The PID spellings: canonical IRI, CURIE (`doi:…`), and the literal identifiers kept. */
  readonly identifiers: readonly string[];
  readonly description: string | undefined;
  /** Property label → values, for the record's own literal facts (name, serial number, dates…). */
  readonly facts: readonly { readonly name: string; readonly values: readonly string[] }[];
  /** The tier chain, as far as it exists for this record. */
  readonly chain: {
    readonly facility?: LinkedResource;
    readonly organization?: LinkedResource;
    readonly model?: LinkedResource;
    readonly instance?: LinkedResource;
    readonly configurations: readonly ConfigurationVersion[];
    /** The configuration this page is about (for configuration and dataset pages). */
    readonly current?: LinkedResource;
  };
  readonly components: readonly ComponentRow[];
  readonly datasets: readonly (LinkedResource & { readonly created: string | undefined })[];
  readonly publications: readonly LinkedResource[];
  readonly people: readonly LinkedResource[];
  /** Other serializations of this record: media type → URL. */
  readonly alternates: readonly { readonly mediaType: string; readonly href: string }[];
  /** schema.org JSON-LD to embed in a <script type="application/ld+json">. */
  readonly schemaOrg: object;
  readonly version: number;
  readonly updatedAt: string;
}
