import { randomUUID } from 'node:crypto';
import N3 from 'n3';
import type { Quad } from 'n3';
import { canonicalLiterals, CHILD_OWNED_LINKS, KIND_OF_CLASS, parsePid, partitionRecords, recordOwner, relabelBlankNodes, SHARED_KINDS, termKey } from '../domain/index.js';
import type { RecordKind } from '../domain/index.js';
import { PHD, PROV, RDF } from '../domain/index.js';
import { ConflictError, ForbiddenError, GoneError, NotFoundError, PreconditionFailedError, UnprocessableError } from '../errors/index.js';
import { ownContexts } from '../pid/index.js';
import { parseRdf } from '../rdf/index.js';
import type { RdfFormat } from '../rdf/index.js';
import { sameGraph } from '../rdf/index.js';
import { unservableTerm } from '../rdf/index.js';
import type { RecordMeta, RecordStore, RecordWrite, StoredRecord } from '../store/index.js';
import { graphWrite } from '../store/index.js';
import type { Principal } from '../domain/index.js';
import type { RecordValidator } from '../validation/index.js';
import type { ValidationIssue } from '../validation/index.js';

const { namedNode, quad } = N3.DataFactory;

/** Limits that keep one record's serializations cheap (JSON-LD conversion grows faster than linearly with repeated values). */
export const MAX_RECORD_TRIPLES = 20_000;
export const MAX_VALUES_PER_PROPERTY = 1_000;

/**
 * Whether an If-Match header admits a record's entity tag (absent or `*` admits any), as the store checks it.
 * @param ifMatch - the header, representation suffixes already removed.
 * @param etag - the record's tag.
 * @returns true when the write may go ahead.
 */
function etagMatches(ifMatch: string | undefined, etag: string): boolean {
  return ifMatch === undefined || ifMatch === '*' || ifMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(etag);
}

/** Options of {@link RecordService}. */
export interface RecordServiceOptions {
  readonly store: RecordStore;
  /** `validate`, and `releaseCaches` when it has one (so tests may hand in a mock). */
  readonly validator: Pick<RecordValidator, 'validate'> & Partial<Pick<RecordValidator, 'releaseCaches'>>;
  /** PHD_BASE_URL: minted IRIs are `{baseUrl}/id/{kind}/{uuid}`. */
  readonly baseUrl: string;
  /**
   * Names a new record by a PID (born with its PID): the full PID IRI for a kind and facility that
   * minting is configured for, else undefined (the record gets `{baseUrl}/id/{kind}/{uuid}`).
   * Called again when the name it gives is already used.
   */
  readonly namePid?: ((kind: RecordKind, facility: string | undefined) => string | undefined) | undefined;
  /**
   * PHD_OPEN_REGISTRATION: a signed-in person acting for no team (whatever teams they are in) may
   * register a new facility (and becomes its manager). Default false: only the administrator (or
   * the facility's own token) creates one.
   */
  readonly openRegistration?: boolean;
}

/** What a write does to a record, for {@link RecordService.authorize}: withdrawing needs the manager role. */
export type WriteAction = 'create' | 'change' | 'withdraw';

/** What {@link RecordService.authorize} needs to know of a record (a RecordMeta, or a record about to be created). */
export interface RecordOwnership {
  readonly kind: RecordKind;
  readonly facility: string | undefined;
  /** The team owning a shared record (see RecordMeta.team). */
  readonly team?: string | undefined;
  readonly createdBy: string;
  readonly iri: string;
}

/** How many names {@link RecordService.newIri} tries before it gives up (a PID suffix has 40 random bits). */
const NAMING_ATTEMPTS = 5;
/** The kinds whose local IRI may be replaced by a PID ({@link RecordService.adopt}). */
const ADOPTING_KINDS: ReadonlySet<RecordKind> = new Set(['instance', 'configuration']);

/** A write request: the body and who sends it. */
export interface WriteRequest {
  readonly body: string;
  readonly format: RdfFormat;
  readonly principal: Principal;
  /** Why the write is made, in words, kept in the record's history (e.g. "restored version 2"). */
  readonly note?: string | undefined;
  /**
   * On create, the team (facility IRI) a shared record belongs to: any registered facility for the
   * administrator (who is in no team), else only the principal's own facility. Default: the
   * principal's facility.
   */
  readonly team?: string | undefined;
}

/** Records written together: their types and owning facilities, seen before they are stored. */
interface Batch {
  readonly types: Map<string, string[]>;
  readonly facilities: Map<string, string | undefined>;
}

/** A parsed, validated record ready to store. */
interface PreparedRecord {
  readonly write: RecordWrite;
  readonly quads: Quad[];
  /** What validation reported (a dry run keeps violations here instead of refusing). */
  readonly issues: readonly ValidationIssue[];
}

/** A record a dry run ({@link RecordService.checkAll}) prepared and did not store. */
export interface CheckedRecord {
  readonly iri: string;
  readonly kind: RecordKind;
  readonly facility: string | undefined;
  /** The triples that would be stored. */
  readonly quads: readonly Quad[];
  /** The validation report's issues (violations included: a dry run reports them, never throws them). */
  readonly issues: readonly ValidationIssue[];
}

/**
 * The write path: parse → find the one record the body describes (minting an IRI for `<>` or a
 * blank node) → work out which facility owns it → authorize → validate with SHACL against the
 * shapes, together with the types of the records it references → store atomically.
 * Nothing is stored unless every step passes.
 */
export class RecordService {
  private readonly store: RecordStore;
  private readonly validator: RecordServiceOptions['validator'];
  private readonly baseUrl: string;
  private readonly namePid: RecordServiceOptions['namePid'];
  private readonly openRegistration: boolean;
  /** Writes run one at a time: their checks (version order, IRI space, existence) and the write must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  public constructor(options: RecordServiceOptions) {
    this.store = options.store;
    this.validator = options.validator;
    this.baseUrl = options.baseUrl;
    this.namePid = options.namePid;
    this.openRegistration = options.openRegistration ?? false;
  }

  /**
   * A name for a new record of this service: its PID when minting is configured for the kind and
   * facility (born with its PID), else `{baseUrl}/id/{kind}/{uuid}`. The PID is checked unused
   * (never written, not an old name, not a node of a record); another one is drawn on a collision.
   * @param kind - the record's kind.
   * @param facility - the facility that will own it.
   * @returns the IRI.
   */
  public async newIri(kind: RecordKind, facility: string | undefined): Promise<string> {
    let pid = this.namePid?.(kind, facility);
    if (pid === undefined) return `${this.baseUrl}/id/${kind}/${randomUUID()}`;
    for (let attempt = 1; attempt < NAMING_ATTEMPTS && !(await this.unused(pid)); attempt += 1) pid = this.namePid?.(kind, facility) ?? pid;
    if (await this.unused(pid)) return pid;
    throw new ConflictError(`No unused PID was found for a new ${kind} in ${NAMING_ATTEMPTS} tries; try again.`);
  }

  /** Whether an IRI was never a record, an old name or a node of one. */
  private async unused(iri: string): Promise<boolean> {
    return (await this.store.meta(iri)) === undefined && (await this.store.canonicalOf(iri)) === undefined && (await this.store.typesOf([iri])).size === 0;
  }

  /** A write to a record's former name (it adopted a PID) is refused with the name to write to instead. */
  private async refuseFormerName(iri: string, current: RecordMeta): Promise<void> {
    if (current.deletedAt === undefined) return;
    const canonical = await this.store.canonicalOf(iri);
    if (canonical !== undefined) throw new GoneError(`${iri} was renamed ${canonical} on ${current.deletedAt}: write to /records/${encodeURIComponent(canonical)}.`, { details: { canonical } });
  }

  /**
   * Adopts a PID as a record's name (a PID minted for a record created with a local IRI): in one
   * store transaction the record moves to the PID with its nodes and `owl:sameAs <old>`, every record
   * naming it is relinked as a new revision by the principal (configurations too: their hardware
   * triples do not change), and the old IRI stays as an alias that redirects.
   * A facility registered without an RRID adopts it the same way (its team, tokens and the records
   * of the facility move with it, in the store's transaction).
   * @param oldIri - the record's local IRI (`{baseUrl}/id/instance/…`, `…/configuration/…` or `…/facility/…`).
   * @param newIri - the PID's canonical IRI, never used before (a facility's: `https://identifiers.org/RRID:SCR_…`).
   * @param principal - who adopts: must be allowed to write the record (a facility: a manager of its team, or the administrator).
   * @returns when the rename is committed.
   */
  public adopt(oldIri: string, newIri: string, principal: Principal): Promise<void> {
    return this.serially(() => this.adoptNow(oldIri, newIri, principal));
  }

  private async adoptNow(oldIri: string, newIri: string, principal: Principal): Promise<void> {
    const current = await this.store.get(oldIri);
    if (current === undefined) {
      const canonical = await this.store.canonicalOf(oldIri);
      throw canonical === undefined ? new NotFoundError(`No record ${oldIri}.`) : new ConflictError(`${oldIri} was renamed ${canonical} already; a record adopts one PID.`, { details: { canonical } });
    }
    this.authorize(principal, current);
    if (current.deletedAt !== undefined) {
      const canonical = await this.store.canonicalOf(oldIri);
      if (canonical !== undefined) throw new ConflictError(`${oldIri} was renamed ${canonical} already; a record adopts one PID.`, { details: { canonical } });
      throw new GoneError(`${oldIri} was withdrawn on ${current.deletedAt}; a withdrawn record adopts no PID.`);
    }
    if (current.kind === 'facility') {
      this.checkFacilityRrid(oldIri, newIri, principal);
    } else if (!ADOPTING_KINDS.has(current.kind)) {
      throw new UnprocessableError(`${oldIri} is a ${current.kind} record; only facilities (given their RRID later), instrument instances and hardware configurations adopt a PID here.`, { code: 'not-mintable' });
    }
    if (!oldIri.startsWith(`${this.baseUrl}/id/`)) {
      throw new ConflictError(`${oldIri} is named by a PID already; only a record with an IRI minted here (${this.baseUrl}/id/…) adopts one.`);
    }
    if (!(await this.unused(newIri))) throw new ConflictError(`${newIri} is used already (a record, a former name or a node of one); a PID names one record.`);
    await this.checkIriSpace(newIri);
    await this.store.rename(oldIri, newIri, principal.id);
  }

  /**
   * A facility named here adopts its RRID: the canonical IRI of a facility's RRID (`SCR_`), and only
   * by a manager of its team (tokens act as managers) or the administrator, since the rename moves
   * the team, its tokens and every record of the facility to the new name.
   */
  private checkFacilityRrid(oldIri: string, newIri: string, principal: Principal): void {
    if (!principal.admin && principal.role !== 'manager') {
      throw new ForbiddenError(`Giving ${oldIri} its RRID renames the facility, its team and its records; it needs the manager role in its team — ask a manager of the team.`);
    }
    let rrid: string | undefined;
    try {
      const pid = parsePid(newIri, 'rrid');
      if (pid.iri === newIri && pid.id.startsWith('SCR_')) rrid = pid.curie;
    } catch {
      rrid = undefined;
    }
    if (rrid === undefined) {
      throw new UnprocessableError(`${newIri} is not the RRID of a facility: a facility named here adopts its RRID, written https://identifiers.org/RRID:SCR_ followed by digits (e.g. RRID:SCR_003070).`, { code: 'not-an-rrid' });
    }
  }

  /**
   * Creates a record (POST /records).
   * @param request - body, format, principal.
   * @returns the stored record.
   */
  public create(request: WriteRequest): Promise<StoredRecord> {
    return this.serially(() => this.createNow(request));
  }

  /**
   * Parses a record document as this service reads every write: JSON-LD may name the service's own
   * context (`{baseUrl}/context.jsonld`, resolved from memory), as the records it serves do.
   * @param text - the document.
   * @param format - its format.
   * @param options - base IRI and source name.
   * @returns the quads.
   */
  public parse(text: string, format: RdfFormat, options: { baseIri?: string; source: string }): Promise<Quad[]> {
    return parseRdf(text, format, { ...options, contexts: ownContexts(this.baseUrl) });
  }

  /**
   * Runs one write after the ones before it have settled (whatever their outcome).
   * @param write - the write.
   * @returns its result.
   */
  private serially<T>(write: () => Promise<T>): Promise<T> {
    const result = this.queue.then(write, write);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async createNow(request: WriteRequest): Promise<StoredRecord> {
    const mintBase = `${this.baseUrl}/id/new/${randomUUID()}`;
    const quads = await this.parse(request.body, request.format, { baseIri: mintBase, source: 'request body' });
    const team = await this.teamOf(request);
    const prepared = await this.prepare(quads, request.principal, { mintBase, ...(team === undefined ? {} : { team }) });
    const existing = await this.store.get(prepared.write.iri);
    if (existing !== undefined) {
      const minted = prepared.write.iri.startsWith(`${this.baseUrl}/id/`);
      // An external PID (DOI, ORCID…) withdrawn here may be restored by the administrator: a token
      // that registered and withdrew someone else's PID must not block it for good.
      if (existing.deletedAt !== undefined && !minted && request.principal.admin) return this.store.revive(prepared.write);
      throw this.exists(prepared.write.iri, existing.deletedAt);
    }
    await this.checkNew(prepared);
    return this.store.create(prepared.write);
  }

  /**
   * Creates records given as triples (importers), validated and authorized like POST /records,
   * in one transaction: all are stored, or none. Records may reference each other (a dataset the
   * configuration created in the same call).
   * @param records - each record's triples, its IRI given (no minting).
   * @param principal - who writes.
   * @returns the stored records, in the given order.
   */
  public createAll(records: readonly (readonly Quad[])[], principal: Principal): Promise<StoredRecord[]> {
    return this.serially(async () => this.store.createAll((await this.prepareAll(records, principal, false)).map((p) => p.write)));
  }

  /**
   * The dry run of {@link createAll}: every step of it — authorization, the checks of each record
   * and of a configuration's revision, validation — and nothing stored. Validation issues are
   * returned with each record, violations too; any other refusal is thrown as `createAll` throws it.
   * @param records - each record's triples, its IRI given.
   * @param principal - who would write.
   * @returns the records as they would be stored, with their issues.
   */
  public checkAll(records: readonly (readonly Quad[])[], principal: Principal): Promise<CheckedRecord[]> {
    return this.serially(async () => (await this.prepareAll(records, principal, true))
      .map((p) => ({ iri: p.write.iri, kind: p.write.kind, facility: p.write.facility, quads: p.quads, issues: p.issues })));
  }

  /** The one path of {@link createAll} and {@link checkAll}: `dryRun` only keeps violations instead of refusing. */
  private async prepareAll(records: readonly (readonly Quad[])[], principal: Principal, dryRun: boolean): Promise<PreparedRecord[]> {
    const batch: Batch = { types: new Map(), facilities: new Map() };
    for (const q of records.flat()) {
      if (q.predicate.value === RDF.type && q.subject.termType === 'NamedNode') batch.types.set(q.subject.value, [...(batch.types.get(q.subject.value) ?? []), q.object.value]);
    }
    const prepared: PreparedRecord[] = [];
    for (const quads of records) {
      const record = await this.prepare([...quads], principal, { batch, dryRun });
      const existing = await this.store.get(record.write.iri);
      if (existing !== undefined) throw this.exists(record.write.iri, existing.deletedAt);
      if (prepared.some((p) => p.write.iri === record.write.iri)) throw new ConflictError(`${record.write.iri} is described twice in one import.`);
      await this.checkNew(record);
      batch.facilities.set(record.write.iri, record.write.facility);
      prepared.push(record);
    }
    return prepared;
  }

  private exists(iri: string, deletedAt: string | undefined): ConflictError {
    const minted = iri.startsWith(`${this.baseUrl}/id/`);
    return new ConflictError(deletedAt === undefined
      ? `${iri} exists already: change it with PUT /records/{id} and If-Match its ETag.`
      : minted
        ? `${iri} was withdrawn on ${deletedAt}; an identifier minted here is never reused.`
        : `${iri} was withdrawn on ${deletedAt}; only the administrator can restore it.`);
  }

  /** Checks a new record's IRI space and, for a configuration version, what it revises. */
  private async checkNew(prepared: PreparedRecord): Promise<void> {
    await this.checkIriSpace(prepared.write.iri);
    if (prepared.write.kind === 'configuration') await this.checkRevision(prepared.quads, prepared.write.iri);
  }

  /**
   * Replaces a record (PUT /records/{id}).
   * @param iri - the record addressed by the URL.
   * @param request - body, format, principal.
   * @param ifMatch - the If-Match header.
   * @returns the stored record.
   */
  public update(iri: string, request: WriteRequest, ifMatch: string | undefined): Promise<StoredRecord> {
    return this.serially(() => this.updateNow(iri, request, ifMatch));
  }

  private async updateNow(iri: string, request: WriteRequest, ifMatch: string | undefined): Promise<StoredRecord> {
    const current = await this.store.get(iri);
    if (current === undefined) throw new NotFoundError(`No record ${iri}: create it with POST /records.`);
    this.authorize(request.principal, current);
    await this.refuseFormerName(iri, current);
    const quads = await this.parse(request.body, request.format, { baseIri: iri, source: 'request body' });
    // A graph isomorphic to the stored one changes nothing: 200 with the current ETag, no new
    // version. That is what lets a client write back what it fetched, a published configuration too.
    if (current.deletedAt === undefined && await sameGraph(canonicalLiterals(quads), new N3.Parser({ format: 'N-Triples' }).parse(current.ntriples))) {
      if (!etagMatches(ifMatch, current.etag)) {
        throw new PreconditionFailedError(`${iri} has changed: its ETag is ${current.etag}, not ${ifMatch ?? ''}. GET it again and retry.`, { details: { etag: current.etag } });
      }
      return current;
    }
    if (current.kind === 'configuration' && current.deletedAt === undefined) {
      throw new ConflictError(
        `${iri} is a published hardware configuration and cannot change. Describe the new hardware as a new version: ` +
          'POST /records with prov:wasRevisionOf <this configuration> and a later phd:validFrom.',
      );
    }
    const prepared = await this.prepare(quads, request.principal, { expectIri: iri });
    if (prepared.write.kind !== current.kind) {
      throw new UnprocessableError(`${iri} is a ${current.kind} record; the body describes a ${prepared.write.kind}.`, { code: 'kind-changed' });
    }
    return this.store.update(request.note === undefined ? prepared.write : { ...prepared.write, note: request.note }, ifMatch);
  }

  /**
   * Withdraws a record (DELETE /records/{id}), leaving a tombstone.
   * @param iri - the record.
   * @param principal - who asks.
   * @param ifMatch - the If-Match header.
   * @param note - why it is withdrawn, in words (kept in the history, shown on the tombstone page).
   * @returns the tombstone's metadata.
   */
  public delete(iri: string, principal: Principal, ifMatch: string | undefined, note?: string): Promise<RecordMeta> {
    return this.serially(() => this.deleteNow(iri, principal, ifMatch, note));
  }

  private async deleteNow(iri: string, principal: Principal, ifMatch: string | undefined, note: string | undefined): Promise<RecordMeta> {
    const current = await this.store.get(iri);
    if (current === undefined) throw new NotFoundError(`No record ${iri}.`);
    this.authorize(principal, current, 'withdraw');
    await this.refuseFormerName(iri, current);
    // No note, no fourth argument: the store's delete stays what it was for callers without a reason.
    return note === undefined ? this.store.delete(iri, principal.id, ifMatch) : this.store.delete(iri, principal.id, ifMatch, note);
  }

  /**
   * Drops every cache of the validator (built shapes per tier and kind of record); the next
   * validation builds what it needs again. A bulk load calls this when it ends: it validates every
   * kind of record once, and an idle service should not keep what that built.
   */
  public releaseValidationCaches(): void {
    this.validator.releaseCaches?.();
  }

  /**
   * Validates and prepares records for a bulk load (no authorization: the caller is the operator).
   * @param quads - all records' triples.
   * @returns the writes, and the issues of records that failed.
   */
  public async prepareBulk(
    quads: readonly Quad[],
    options: {
      progress?: (done: number, total: number) => void;
      /** Validates one chunk (e.g. on worker threads); default: in this thread. */
      validateChunk?: (quads: readonly Quad[], roots: readonly string[]) => Promise<readonly ValidationIssue[]>;
      /** How many chunks are validated at once. */
      concurrency?: number;
      /**
       * Types of the subjects of records the caller is committing while this runs (a streaming
       * load commits one chunk while the next validates): looked up as if already stored.
       */
      pendingTypes?: ReadonlyMap<string, readonly string[]>;
    } = {},
  ): Promise<{ writes: RecordWrite[]; rejected: { iri: string; issues: readonly ValidationIssue[] }[]; orphans: Quad[] }> {
    const { records, orphans } = partitionRecords(quads);
    // Types of every subject in the load, so each chunk is validated with the types of what it references.
    const loadTypes = new Map<string, Quad[]>();
    for (const q of quads) {
      if (q.predicate.value === RDF.type && q.subject.termType === 'NamedNode') loadTypes.set(q.subject.value, [...(loadTypes.get(q.subject.value) ?? []), q]);
    }
    const order: RecordKind[] = ['facility', 'organization', 'person', 'model', 'instance', 'configuration', 'dataset', 'publication'];
    const entries = [...records.entries()].sort((a, b) => order.indexOf(a[1].kind) - order.indexOf(b[1].kind));
    const ownerIn = (roots: ReadonlySet<string>) => (node: string): string | undefined => recordOwner(node, (iri) => roots.has(iri));
    const validateChunk = options.validateChunk ?? (async (data: readonly Quad[], roots: readonly string[]) => {
      const owner = ownerIn(new Set(roots));
      return (await this.validator.validate(data, { owns: (node) => node.startsWith('_:') || owner(node) !== undefined })).issues;
    });
    // Validation cost grows faster than linearly with graph size: validate chunks of records.
    const chunks: { roots: string[]; data: Quad[] }[] = [];
    for (let start = 0; start < entries.length;) {
      const chunk: [string, { kind: RecordKind; quads: Quad[] }][] = [];
      let size = 0;
      while (start < entries.length && (chunk.length === 0 || size < 5000)) {
        const entry = entries[start++];
        if (entry === undefined) break;
        chunk.push(entry);
        size += entry[1].quads.length;
      }
      const roots = chunk.map(([iri]) => iri);
      const owner = ownerIn(new Set(roots));
      const data = chunk.flatMap(([, record]) => record.quads);
      const referenced = new Set(data.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && owner(t.value) === undefined).map((t) => t.value));
      const missing: string[] = [];
      for (const iri of referenced) {
        const types = loadTypes.get(iri);
        const pending = types === undefined ? options.pendingTypes?.get(iri) : undefined;
        if (pending !== undefined) for (const cls of pending) data.push(quad(namedNode(iri), namedNode(RDF.type), namedNode(cls)));
        else if (types === undefined) missing.push(iri);
        else data.push(...types);
      }
      for (const [subject, classes] of await this.store.typesOf(missing)) {
        for (const cls of classes) data.push(quad(namedNode(subject), namedNode(RDF.type), namedNode(cls)));
      }
      chunks.push({ roots, data });
    }
    const failing = new Map<string, ValidationIssue[]>();
    let done = 0;
    let next = 0;
    const run = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        if (chunk === undefined) break;
        const owner = ownerIn(new Set(chunk.roots));
        for (const issue of await validateChunk(chunk.data, chunk.roots)) {
          const root = owner(issue.focusNode) ?? issue.focusNode;
          failing.set(root, [...(failing.get(root) ?? []), issue]);
        }
        done += chunk.roots.length;
        options.progress?.(done, entries.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, run));
    const facilityOf = new Map<string, string | undefined>();
    const writes: RecordWrite[] = [];
    for (const [iri, record] of entries) {
      if (failing.has(iri) || iri.startsWith('_:')) continue;
      // A record of the load may not state triples about a stored record's nodes (records of the
      // load itself took theirs when the load was partitioned).
      const unservable = unservableTerm(record.quads);
      if (unservable !== undefined) {
        failing.set(iri, [{ focusNode: iri, message: `the ${unservable.position} ${unservable.term} is ${unservable.reason}`, severity: 'Violation' }]);
        continue;
      }
      const enclosing = await this.enclosingRecord(iri, (candidate) => records.has(candidate));
      if (enclosing !== undefined) {
        failing.set(iri, [{ focusNode: iri, message: `${iri} lies under the record ${enclosing}; its nodes belong to that record.`, severity: 'Violation' }]);
        continue;
      }
      const foreign = await this.foreignSubjects(iri, record.quads);
      if (foreign.length > 0) {
        failing.set(iri, foreign.slice(0, 10).map((f) => ({
          focusNode: f.node,
          message: `${iri} states triples about <${f.node}>, a node of the stored ${f.meta?.kind ?? ''} record ${f.owner}: write them in that record.`,
          severity: 'Violation' as const,
        })));
        continue;
      }
      const facility = await this.facilityOf(record.kind, iri, record.quads, facilityOf);
      facilityOf.set(iri, facility);
      writes.push(this.writeOf(iri, record.kind, record.quads, facility, 'load'));
    }
    return { writes, rejected: [...failing.entries()].map(([iri, issues]) => ({ iri, issues })), orphans };
  }

  /** The team a create names, checked: the administrator may name any live facility, others only their own. */
  private async teamOf(request: WriteRequest): Promise<string | undefined> {
    const team = request.team;
    if (team === undefined || team === request.principal.facility) return team;
    if (!request.principal.admin) {
      throw new ForbiddenError(`You act for ${request.principal.facility ?? 'no team'}; a shared record cannot be given to the team of ${team}.`);
    }
    const meta = await this.store.meta(team);
    if (meta === undefined || meta.deletedAt !== undefined || meta.kind !== 'facility') {
      throw new UnprocessableError(`team ${team} is not a facility registered here; name a registered facility.`, { code: 'unknown-team' });
    }
    return team;
  }

  private async prepare(quads: Quad[], principal: Principal, where: { mintBase?: string; expectIri?: string; batch?: Batch; dryRun?: boolean; team?: string }): Promise<PreparedRecord> {
    if (quads.length === 0) throw new UnprocessableError('The body holds no triples: send the record as Turtle or JSON-LD.', { code: 'empty-record' });
    // Nothing is stored that some reader (a serialization, the SPARQL index) could not take back.
    const unservable = unservableTerm(quads);
    if (unservable !== undefined) {
      throw new UnprocessableError(`The ${unservable.position} ${unservable.term} is ${unservable.reason}; nothing was stored.`, {
        code: 'invalid-term', details: { term: unservable.term, position: unservable.position },
      });
    }
    const { records, orphans } = partitionRecords(quads);
    if (records.size !== 1) {
      throw new UnprocessableError(
        records.size === 0
          ? 'The body describes no record: type its subject as one of phd:Facility, phd:Organization, phd:InstrumentModel, phd:InstrumentInstance, phd:HardwareConfiguration, phd:Dataset, phd:Publication, phd:Person.'
          : `The body describes ${records.size} records (${[...records.keys()].join(', ')}); send one record per request, or use \`imaging-phd load\` for bulk loads.`,
        { code: 'not-one-record' },
      );
    }
    const [[rootKey, record]] = [...records.entries()] as [[string, { kind: RecordKind; quads: Quad[] }]];
    if (orphans.length > 0) {
      const subjects = [...new Set(orphans.map((q) => termKey(q.subject)))].slice(0, 5);
      throw new UnprocessableError(
        `Triples about ${subjects.join(', ')} belong to no part of record ${rootKey}: a record holds its own node, nodes under its IRI ({record}/…), blank nodes it refers to, and the phd:operates / phd:hasConfiguration links that point at it.`,
        { code: 'foreign-triples', details: { subjects } },
      );
    }
    let iri = rootKey;
    let recordQuads = record.quads;
    if (where.mintBase !== undefined && (rootKey === where.mintBase || rootKey.startsWith('_:'))) {
      iri = `${this.baseUrl}/id/${record.kind}/${where.mintBase.slice(where.mintBase.lastIndexOf('/') + 1)}`;
      recordQuads = this.rename(record.quads, rootKey, where.mintBase, iri);
      // Born with its PID: the facility decides which account's prefix names it.
      if (this.namePid !== undefined && ADOPTING_KINDS.has(record.kind)) {
        const pid = await this.newIri(record.kind, await this.facilityOf(record.kind, iri, recordQuads, where.batch?.facilities ?? new Map()));
        recordQuads = this.rename(recordQuads, iri, iri, pid);
        iri = pid;
      }
    } else if (where.mintBase !== undefined && rootKey.startsWith(where.mintBase)) {
      throw new UnprocessableError('Relative IRIs other than <> cannot name a record: give it a PID or let the service mint one with <>.', { code: 'relative-iri' });
    }
    if (where.expectIri !== undefined && iri !== where.expectIri) {
      throw new UnprocessableError(`The body describes ${iri}, but the URL names ${where.expectIri}.`, { code: 'iri-mismatch' });
    }
    this.checkShape(iri, record.kind, recordQuads);
    // Authorize before validating: a token that may not write this record learns nothing about it.
    const facility = await this.facilityOf(record.kind, iri, recordQuads, where.batch?.facilities ?? new Map());
    this.authorize(principal, { kind: record.kind, facility, createdBy: principal.id, iri }, where.expectIri === undefined ? 'create' : 'change');
    await this.checkReach(iri, recordQuads, principal, where.batch);
    const owned = (node: string) => node === iri || node.startsWith(`${iri}/`) || node.startsWith(`${iri}#`) || node.startsWith('_:');
    const referenced = recordQuads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && !owned(t.value)).map((t) => t.value);
    const types = await this.store.typesOf(referenced.filter((r) => where.batch?.types.has(r) !== true));
    for (const r of referenced) {
      const batchTypes = where.batch?.types.get(r);
      if (batchTypes !== undefined) types.set(r, batchTypes);
    }
    const context: Quad[] = [];
    for (const [subject, classes] of types) for (const cls of classes) context.push(quad(namedNode(subject), namedNode(RDF.type), namedNode(cls)));
    const report = await this.validator.validate([...recordQuads, ...context], { owns: owned });
    if (!report.conforms && where.dryRun !== true) {
      throw new UnprocessableError(`${iri} does not conform to the shapes: ${report.issues.length} violation(s).`, {
        code: 'shacl-violation',
        details: { violations: report.issues },
      });
    }
    // A shared record belongs to the team of the facility its creator acts for (stored on create only).
    const write = this.writeOf(iri, record.kind, recordQuads, facility, principal.id, SHARED_KINDS.has(record.kind) ? where.team ?? principal.facility : undefined);
    return { write, quads: recordQuads, issues: report.issues };
  }

  /**
   * Guards that SHACL cannot express across records: the root has one record class, and the links
   * a child record may hold about its parent point at the record itself and fit its kind
   * (`phd:operates` in an instance's record, `phd:hasConfiguration` in a configuration's).
   */
  private checkShape(iri: string, kind: RecordKind, quads: readonly Quad[]): void {
    if (quads.length > MAX_RECORD_TRIPLES) {
      throw new UnprocessableError(`${iri} has ${quads.length} triples; a record holds at most ${MAX_RECORD_TRIPLES}.`, { code: 'record-too-large' });
    }
    const perProperty = new Map<string, number>();
    for (const q of quads) {
      const key = `${q.subject.value} ${q.predicate.value}`;
      const count = (perProperty.get(key) ?? 0) + 1;
      perProperty.set(key, count);
      if (count > MAX_VALUES_PER_PROPERTY) {
        throw new UnprocessableError(`<${q.subject.value}> has more than ${MAX_VALUES_PER_PROPERTY} values of <${q.predicate.value}>.`, { code: 'too-many-values' });
      }
      if (q.object.termType === 'Literal' && q.object.datatype.value === RDF.JSON) {
        try {
          JSON.parse(q.object.value);
        } catch {
          throw new UnprocessableError(`The rdf:JSON literal of <${q.predicate.value}> on <${q.subject.value}> is not JSON.`, { code: 'bad-literal' });
        }
      }
    }
    const classes = quads.filter((q) => q.subject.value === iri && q.predicate.value === RDF.type && KIND_OF_CLASS.has(q.object.value));
    if (classes.length > 1) {
      throw new UnprocessableError(`${iri} is typed as ${classes.length} record kinds (${classes.map((q) => q.object.value).join(', ')}); a record is exactly one kind.`, { code: 'several-kinds' });
    }
    const allowed: Readonly<Record<string, RecordKind>> = { [PHD.operates]: 'instance', [PHD.hasConfiguration]: 'configuration' };
    for (const q of quads) {
      const only = allowed[q.predicate.value];
      if (only === undefined) continue;
      if (q.object.value !== iri || kind !== only) {
        throw new UnprocessableError(
          `<${q.subject.value}> <${q.predicate.value}> <${q.object.value}> cannot be written in the ${kind} record ${iri}: ` +
            `this link belongs to the ${only} record it points at.`,
          { code: 'foreign-link' },
        );
      }
    }
  }

  /**
   * The nodes a record's triples are about that belong to another record: a subject other than the
   * record's own node that is, or lies under (`/`, `#`), a stored record (tombstones too: their
   * nodes stay theirs) or a record of the same batch. The link triples a record is assigned
   * ({@link CHILD_OWNED_LINKS} pointing at it) are about its parent by design and not counted.
   * @param iri - the record.
   * @param quads - its triples.
   * @param batchRoots - records written in the same call (an import), beside the stored ones.
   * @returns each foreign subject with the record it belongs to.
   */
  public async foreignSubjects(iri: string, quads: readonly Quad[], batchRoots: ReadonlySet<string> = new Set()): Promise<{ node: string; owner: string; meta: RecordMeta | undefined }[]> {
    const owners = new Map<string, { owner: string; meta: RecordMeta | undefined } | null>();
    const ownerOf = async (node: string): Promise<{ owner: string; meta: RecordMeta | undefined } | undefined> => {
      // Longest first: the nearest record is the one the node belongs to.
      const candidates = [node];
      for (let cut = node.length - 1; cut > iri.length; cut -= 1) {
        const ch = node.charCodeAt(cut);
        if (ch === 47 || ch === 35) candidates.push(node.slice(0, cut));
      }
      for (const candidate of candidates) {
        if (candidate === iri) return undefined;
        let known = owners.get(candidate);
        if (known === undefined) {
          const meta = batchRoots.has(candidate) ? undefined : await this.store.meta(candidate);
          known = batchRoots.has(candidate) || meta !== undefined ? { owner: candidate, meta } : null;
          owners.set(candidate, known);
        }
        if (known !== null) return known;
      }
      return undefined;
    };
    const found = new Map<string, { node: string; owner: string; meta: RecordMeta | undefined }>();
    for (const q of quads) {
      if (q.subject.termType !== 'NamedNode' || q.subject.value === iri || found.has(q.subject.value)) continue;
      if (CHILD_OWNED_LINKS.has(q.predicate.value) && q.object.value === iri) continue;
      const owner = await ownerOf(q.subject.value);
      if (owner !== undefined) found.set(q.subject.value, { node: q.subject.value, ...owner });
    }
    return [...found.values()];
  }

  /**
   * Refuses a write that states triples about another record's nodes (it would show under the
   * wrong record in SPARQL and search): 403 when the writer may not write that record, else 422
   * `foreign-record` (write the triples in that record instead). Nothing is stored either way.
   */
  private async checkReach(iri: string, quads: readonly Quad[], principal: Principal, batch: Batch | undefined): Promise<void> {
    const batchRoots = new Set<string>();
    for (const [subject, classes] of batch?.types ?? []) if (subject !== iri && classes.some((c) => KIND_OF_CLASS.has(c))) batchRoots.add(subject);
    const foreign = await this.foreignSubjects(iri, quads, batchRoots);
    const [first] = foreign;
    if (first === undefined) return;
    const nodes = foreign.slice(0, 5).map((f) => f.node);
    const records = [...new Set(foreign.map((f) => f.owner))];
    const rule = 'a record states triples only about its own node, nodes under its IRI that belong to no other record, blank nodes, and the links assigned to it';
    for (const f of foreign) {
      if (f.meta === undefined) continue;
      try {
        this.authorize(principal, f.meta);
      } catch (error) {
        if (!(error instanceof ForbiddenError)) throw error;
        throw new ForbiddenError(
          `${iri} states triples about <${f.node}>, a node of the ${f.meta.kind} record ${f.owner}, which this token may not write (${error.message}) — ${rule}.`,
          { details: { nodes, records } },
        );
      }
    }
    const withdrawn = foreign.find((f) => f.meta?.deletedAt !== undefined);
    throw new UnprocessableError(
      `${iri} states triples about <${first.node}>, a node of the ${first.meta?.kind ?? 'other'} record ${first.owner}` +
        `${withdrawn === undefined ? '' : ` (withdrawn: its nodes stay its own)`}: ${rule}. ` +
        `Write them in ${first.owner} itself (PUT /records/{id}).`,
      { code: 'foreign-record', details: { nodes, records } },
    );
  }

  /**
   * The record a new record's IRI would lie under (`{record}/…`, `{record}#…`), stored or given.
   * @param iri - the new record.
   * @param isRoot - records of the same load, beside the stored ones.
   * @returns the enclosing record's IRI, or undefined.
   */
  private async enclosingRecord(iri: string, isRoot: (candidate: string) => boolean): Promise<string | undefined> {
    for (let cut = iri.length - 1; cut > 0; cut -= 1) {
      const ch = iri.charCodeAt(cut);
      if (ch !== 47 && ch !== 35) continue;
      const candidate = iri.slice(0, cut);
      if (candidate.endsWith('/')) continue;
      if (isRoot(candidate) || (await this.store.meta(candidate)) !== undefined) return candidate;
    }
    return undefined;
  }

  /**
   * A new record may not take an IRI under another record's IRI (its nodes belong to that record),
   * nor one typed in another record. Records already under the new IRI stay their own: the new
   * record may not state triples about them ({@link checkReach}).
   */
  private async checkIriSpace(iri: string): Promise<void> {
    for (let cut = iri.lastIndexOf('/'); cut > 'https://x'.length; cut = iri.lastIndexOf('/', cut - 1)) {
      const parent = await this.store.get(iri.slice(0, cut));
      if (parent !== undefined) throw new ConflictError(`${iri} lies under the record ${parent.iri}; its nodes belong to that record.`);
    }
    const hash = iri.indexOf('#');
    if (hash > 0 && (await this.store.get(iri.slice(0, hash))) !== undefined) {
      throw new ConflictError(`${iri} lies under the record ${iri.slice(0, hash)}; its nodes belong to that record.`);
    }
    if ((await this.store.typesOf([iri])).size > 0) throw new ConflictError(`${iri} is a node of another record.`);
  }

  private rename(quads: readonly Quad[], from: string, mintBase: string, to: string): Quad[] {
    const map = (term: Quad['subject'] | Quad['object']) => {
      const key = termKey(term);
      if (key === from) return namedNode(to);
      // `<>` names the record; `<#x>` names a node of it, which moves with it.
      if (term.termType === 'NamedNode' && (term.value.startsWith(`${mintBase}/`) || term.value.startsWith(`${mintBase}#`))) return namedNode(`${to}${term.value.slice(mintBase.length)}`);
      return term;
    };
    return quads.map((q) => quad(map(q.subject) as Quad['subject'], q.predicate, map(q.object)));
  }

  private writeOf(iri: string, kind: RecordKind, given: readonly Quad[], facility: string | undefined, actor: string, team?: string): RecordWrite {
    // Doubles are stored in canonical form, so that every serialization carries the same literal.
    const write = graphWrite(iri, kind, relabelBlankNodes(canonicalLiterals(given)), facility, actor);
    return team === undefined ? write : { ...write, team };
  }

  /** The facility that owns a record: itself, the one operating the instance, or inherited. */
  private async facilityOf(kind: RecordKind, iri: string, quads: readonly Quad[], known: ReadonlyMap<string, string | undefined>): Promise<string | undefined> {
    const pointingAt = (predicate: string) => quads.find((q) => q.predicate.value === predicate && q.object.value === iri)?.subject.value;
    const inherited = async (parent: string | undefined) => {
      if (parent === undefined) return undefined;
      if (known.has(parent)) return known.get(parent);
      return (await this.store.get(parent))?.facility;
    };
    switch (kind) {
      case 'facility':
        return iri;
      case 'instance':
        return pointingAt(PHD.operates);
      case 'configuration':
        return inherited(pointingAt(PHD.hasConfiguration));
      case 'dataset':
        return inherited(quads.find((q) => q.subject.value === iri && q.predicate.value === PHD.acquiredWith)?.object.value);
      default:
        return undefined;
    }
  }

  /**
   * Who may write what (DESIGN §2, teams): the administrator writes anything. A shared record
   * (model, organization, person, publication) may be changed by its creator or by any member of the
   * team it belongs to (the facility its creator acted for). A facility's records (the facility
   * itself, its instances, configurations, datasets) by that facility's members. Withdrawing needs
   * the manager role (API tokens act as managers). A new facility record may be created by the
   * administrator, its own token, or — with open registration — a signed-in person acting in no team:
   * the workspace acts with `facility` undefined only when it creates a facility record (or a shared
   * record for no team), so "in no team" means "not acting for a team", and a member (even an editor)
   * of another facility may register a new one and becomes its manager. The workspace refuses, before
   * this, a facility IRI that already has tokens, a team, records or a tombstone (`facilityClaimRefusal`).
   * @param principal - who writes.
   * @param record - the record, or what a new record will be (createdBy: the principal).
   * @param action - create, change (default) or withdraw.
   * @throws ForbiddenError, in words, when the principal may not.
   */
  public authorize(principal: Principal, record: RecordOwnership, action: WriteAction = 'change'): void {
    if (principal.admin) return;
    if (action === 'withdraw' && principal.role !== 'manager') {
      throw new ForbiddenError(`Withdrawing ${record.iri} needs the manager role in its team; an editor writes records but does not withdraw them — ask a manager of the team.`);
    }
    if (SHARED_KINDS.has(record.kind)) {
      if (record.createdBy === principal.id) return;
      if (record.team !== undefined && record.team === principal.facility) return;
      throw new ForbiddenError(record.team === undefined
        ? `${record.iri} is a shared record created by another token (or person) in no team; only its creator or the administrator may change it.`
        : `${record.iri} is a shared record created by another token (or person) of the team of ${record.team}; only a member of that team, its creator or the administrator may change it.`);
    }
    if (record.facility !== undefined && record.facility === principal.facility) return;
    if (record.kind === 'facility') {
      // Open registration: a person who belongs to no team may register their facility (the
      // workspace then makes them its manager). A token of shared records only still may not.
      if (action === 'create' && this.openRegistration && principal.person !== undefined && principal.facility === undefined) return;
      throw new ForbiddenError(`Only the administrator or ${record.iri}'s own token (or a member of its team) may write the facility record ${record.iri}.`);
    }
    throw new ForbiddenError(record.facility === undefined
      ? `${record.iri} belongs to no facility known here (its instance or configuration is not registered yet).`
      : `${record.iri} belongs to ${record.facility}; this token (or person) writes ${principal.facility ?? 'no facility'}.`);
  }

  /** A new configuration version must revise a configuration of the same instance, from a later date. */
  private async checkRevision(quads: readonly Quad[], iri: string): Promise<void> {
    const previous = quads.find((q) => q.subject.value === iri && q.predicate.value === PROV.wasRevisionOf)?.object.value;
    if (previous === undefined) return;
    const instance = quads.find((q) => q.predicate.value === PHD.hasConfiguration && q.object.value === iri)?.subject.value;
    const validFrom = quads.find((q) => q.subject.value === iri && q.predicate.value === PHD.validFrom)?.object.value;
    const before = await this.store.get(previous);
    if (before === undefined || before.deletedAt !== undefined || before.kind !== 'configuration') {
      throw new UnprocessableError(`prov:wasRevisionOf <${previous}> is not a stored hardware configuration.`, { code: 'bad-revision' });
    }
    const beforeQuads = new N3.Parser({ format: 'N-Triples' }).parse(before.ntriples);
    const beforeInstance = beforeQuads.find((q) => q.predicate.value === PHD.hasConfiguration)?.subject.value;
    const beforeFrom = beforeQuads.find((q) => q.subject.value === previous && q.predicate.value === PHD.validFrom)?.object.value;
    const revisedBy = (await this.store.links({ predicate: PROV.wasRevisionOf, object: previous })).find((l) => l.record !== iri);
    if (revisedBy !== undefined) {
      throw new ConflictError(`${previous} was already revised by ${revisedBy.record}: a new version revises the latest one, so the history stays a line.`, { details: { revisedBy: revisedBy.record } });
    }
    if (beforeInstance !== instance) {
      throw new UnprocessableError(`${previous} configures ${beforeInstance ?? 'another instance'}, not ${instance ?? '?'}: a version revises a configuration of the same instance.`, { code: 'bad-revision' });
    }
    if (validFrom !== undefined && beforeFrom !== undefined && validFrom <= beforeFrom) {
      throw new UnprocessableError(`phd:validFrom ${validFrom} must be later than ${beforeFrom}, the validFrom of ${previous}.`, { code: 'bad-revision' });
    }
  }
}
