import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MintingConfig } from '../../../src/config/load-config.js';
import type { RecordKind } from '../../../src/domain/records.js';
import { PHD, PROV } from '../../../src/domain/vocabulary.js';
import type { PidDocument, PidProvider, ProviderName, ProviderState, PushResult, TargetState } from '../../../src/minting/pid-provider.js';
import { ProviderError } from '../../../src/minting/provider-error.js';
import type { RecordLink } from '../../../src/store/record-store.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';

export const DOI_PREFIX = '10.5072';
export const HANDLE_PREFIX = '21.T11998';
export const FACILITY = 'https://identifiers.org/RRID:SCR_017403';
/** A facility with its own DataCite repository (prefix 10.80001). */
export const OWN_FACILITY = 'https://identifiers.org/RRID:SCR_999999';

/** Minting with a service DataCite account, a facility's own account and a handle server (addresses never contacted). */
export const MINTING: MintingConfig = {
  datacite: { api: 'http://127.0.0.1:9/datacite', repository: 'PHD.TEST', password: 'secret-datacite', prefix: DOI_PREFIX },
  facilityDatacite: new Map([[OWN_FACILITY, { api: 'http://127.0.0.1:9/datacite', repository: 'PHD.OWN', password: 'secret-own', prefix: '10.80001' }]]),
  handle: { api: 'http://127.0.0.1:9/handle', prefix: HANDLE_PREFIX, user: '300:0.NA/21.T11998', password: 'secret-handle' },
  defaultProvider: 'datacite',
  maxAttempts: 3,
  timeoutMs: 1000,
  retryBaseMs: 1000,
};

export const doi = (suffix: string) => `https://doi.org/${DOI_PREFIX}/${suffix}`;

/** A temporary embedded store. */
export interface TempStore {
  readonly dir: string;
  readonly path: string;
  store: SqliteRecordStore;
  /** Closes and opens the store again on the same file (a restart). */
  readonly reopen: () => Promise<SqliteRecordStore>;
  readonly remove: () => Promise<void>;
}

/** @returns a new embedded store in a temporary directory. */
export function tempStore(): TempStore {
  const dir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'phd-minting-'));
  const path = join(dir, 'phd.sqlite');
  const temp: TempStore = {
    dir, path, store: new SqliteRecordStore(path),
    reopen: async () => {
      await temp.store.close();
      temp.store = new SqliteRecordStore(path);
      return temp.store;
    },
    remove: async () => {
      await temp.store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** One record written straight to the store (no validation): what the consumer reads is the store's log. */
export interface PlainRecord {
  readonly iri: string;
  readonly kind: RecordKind;
  readonly facility?: string;
  /** Extra triples, as N-Triples lines. */
  readonly triples?: readonly string[];
  readonly links?: readonly RecordLink[];
}

function writeOf(record: PlainRecord) {
  const lines = [
    `<${record.iri}> <http://www.w3.org/2000/01/rdf-schema#label> "${record.iri.slice(-12)}" .`,
    ...(record.links ?? []).map((l) => `<${l.subject}> <${l.predicate}> <${l.object}> .`),
    ...(record.triples ?? []),
  ];
  const ntriples = lines.map((l) => `${l}\n`).join('');
  return {
    iri: record.iri, kind: record.kind, ntriples, triples: lines.length, facility: record.facility, actor: 'test',
    types: new Map<string, string[]>(), links: record.links ?? [],
  };
}

/**
 * Creates a record.
 * @param store - the store.
 * @param record - what to write.
 */
export async function createRecord(store: SqliteRecordStore, record: PlainRecord): Promise<void> {
  await store.create(writeOf(record));
}

/**
 * Replaces a record's graph.
 * @param store - the store.
 * @param record - what to write.
 */
export async function updateRecord(store: SqliteRecordStore, record: PlainRecord): Promise<void> {
  await store.update(writeOf(record));
}

/** The link of an instance to one of its configurations (held by the configuration's record). */
export const hasConfiguration = (instance: string, configuration: string): RecordLink => ({ subject: instance, predicate: PHD.hasConfiguration, object: configuration });
/** A configuration version revising the one before. */
export const revises = (configuration: string, previous: string): RecordLink => ({ subject: configuration, predicate: PROV.wasRevisionOf, object: previous });
/** An instance of a model. */
export const instanceOf = (instance: string, model: string): RecordLink => ({ subject: instance, predicate: PHD.instanceOf, object: model });

/** What a provider double was asked, in order. */
export interface PushCall {
  readonly document: PidDocument;
  readonly target: TargetState;
}

/**
 * A PidProvider in memory, like DataCite's: it keeps each identifier's state and URL, and does what
 * it is told next (`fail`) once per push.
 */
export class MemoryProvider implements PidProvider {
  public readonly calls: PushCall[] = [];
  public readonly held = new Map<string, { state: ProviderState; url: string; document: PidDocument }>();
  /** Failures to answer the next pushes with, in order. */
  public readonly failures: (ProviderError | 'hang')[] = [];

  public constructor(public readonly name: ProviderName = 'datacite', public readonly prefix: string = DOI_PREFIX) {}

  public push(document: PidDocument, target: TargetState, signal?: AbortSignal): Promise<PushResult> {
    this.calls.push({ document, target });
    const failure = this.failures.shift();
    if (failure === 'hang') {
      // As fetch does: an aborted request rejects with the signal's reason.
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => {
        reject(signal.reason as Error);
      }));
    }
    if (failure !== undefined) return Promise.reject(failure);
    const before = this.held.get(document.id)?.state;
    // DataCite: a registered DOI never goes back to draft; hide leaves it registered.
    const state: ProviderState = target === 'findable' ? 'findable' : target === 'hidden' ? (before === undefined || before === 'draft' ? 'draft' : 'registered') : (before ?? 'draft');
    this.held.set(document.id, { state, url: document.url, document });
    return Promise.resolve({ state });
  }

  public lookup(id: string): Promise<{ state: ProviderState; url: string } | undefined> {
    const held = this.held.get(id);
    return Promise.resolve(held === undefined ? undefined : { state: held.state, url: held.url });
  }
}

/**
 * A provider's failure.
 * @param status - its HTTP status (undefined: no answer).
 * @param message - its message.
 * @returns the error, retryable for 429, 5xx and no answer.
 */
export function providerFailure(status: number | undefined, message: string): ProviderError {
  return new ProviderError('datacite', message, { retryable: status === undefined || status === 429 || status >= 500, ...(status === undefined ? {} : { status }) });
}
