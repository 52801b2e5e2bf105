import type { NboqMapping } from '../domain/index.js';
import type { Principal } from '../domain/index.js';
import type { RecordService } from '../records/index.js';
import type { RecordStore, StoredRecord } from '../store/index.js';

/** What an importer reads from and writes through. */
export interface ImporterDependencies {
  readonly store: RecordStore;
  /** Validation, authorization and storage, as for POST /records. */
  readonly service: RecordService;
  /** PHD_BASE_URL, under which new configurations are minted. */
  readonly baseUrl: string;
  readonly mapping: NboqMapping;
}

/**
 * What every importer of hardware configurations shares: its dependencies, and the steps of
 * writing a configuration version of an instrument instance (who may, and the IRI it gets).
 * The Micro-Meta App and OME-XML importers differ in what they read, not in these.
 */
export abstract class ConfigurationImporter {
  protected readonly store: RecordStore;
  protected readonly service: RecordService;
  protected readonly baseUrl: string;
  protected readonly mapping: NboqMapping;

  /** @param dependencies - the store, record service, base URL and NBO-Q mapping. */
  public constructor(dependencies: ImporterDependencies) {
    this.store = dependencies.store;
    this.service = dependencies.service;
    this.baseUrl = dependencies.baseUrl;
    this.mapping = dependencies.mapping;
  }

  /**
   * Refuses a principal who may not write configurations of the instance's facility; checked before
   * anything is compared, since even an "unchanged" or "matched" answer is a write attempt.
   * @param principal - who imports.
   * @param owner - the record whose facility and creator decide (the instance, or a configuration of it).
   * @param iri - the configuration (or instance) the write concerns.
   */
  protected authorizeConfiguration(principal: Principal, owner: StoredRecord, iri: string): void {
    this.service.authorize(principal, { kind: 'configuration', facility: owner.facility, createdBy: owner.createdBy, iri });
  }

  /**
   * A name for a new configuration, as POST /records names one written with `<>`: its PID when
   * minting is configured for the facility (born with its PID), else an IRI under the base URL.
   * @param facility - the facility of the instance it configures.
   * @returns the new configuration's IRI.
   */
  protected mintConfigurationIri(facility: string | undefined): Promise<string> {
    return this.service.newIri('configuration', facility);
  }
}
