import { randomBytes } from 'node:crypto';

/** The two formats the upload page takes. */
export type UploadFormat = 'micrometa' | 'ome-xml';

/** A file uploaded and previewed, waiting for its uploader to confirm it. */
export interface PendingUpload<Plan = unknown> {
  /** A random id, the confirm form's `upload` field. */
  readonly id: string;
  /** The session it was uploaded in: only that session may confirm it. */
  readonly session: string;
  readonly format: UploadFormat;
  /** The file's name as uploaded (for messages). */
  readonly fileName: string;
  /** The file's text, imported as it was previewed. */
  readonly text: string;
  readonly instance: string;
  /** The instance's facility, whose team the write acts for. */
  readonly facility: string | undefined;
  /** `validFrom` (Micro-Meta App) or `acquiredOn` (OME-XML), when given. */
  readonly date: string | undefined;
  /** The plan the preview showed. */
  readonly plan: Plan;
  /** When it expires (ms since the epoch). */
  readonly expires: number;
}

/** Options of {@link PendingUploads}. */
export interface PendingUploadsOptions {
  /** How long an upload waits for its confirmation (default one hour). */
  readonly ttlMs?: number;
  /** How many uploads one session keeps waiting; its oldest is dropped past it (default 3). */
  readonly maxPerSession?: number;
  /** How many bytes all waiting uploads hold together at most (default 64 MiB); past it a new one is refused. */
  readonly maxBytes?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** What a waiting upload is counted as: its text, twice — the plan is made from it and of the same order. */
function sizeOf(upload: Pick<PendingUpload, 'text'>): number {
  return 2 * Buffer.byteLength(upload.text, 'utf8');
}

/**
 * The uploads previewed and not yet confirmed, kept in memory: bound to the session that uploaded
 * them, expiring after an hour, at most three per session (a session's fourth preview drops its
 * oldest) and at most 64 MiB together (a preview past that is refused — {@link add} returns
 * undefined — rather than dropping other people's previews). In memory rather than in the store's
 * database because the RecordStore interface exposes no database (the external store keeps only a
 * catalogue beside Virtuoso) and a pending upload is worth nothing after a restart but a new upload
 * of the same file; it never holds anything the store needs. A confirmation {@link take}s its
 * upload, so confirming twice stores once.
 */
export class PendingUploads<Plan = unknown> {
  private readonly entries = new Map<string, PendingUpload<Plan>>();
  private readonly ttlMs: number;
  private readonly maxPerSession: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private bytes = 0;

  /** @param options - time to live, bounds, clock. */
  public constructor(options: PendingUploadsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.maxPerSession = Math.max(1, options.maxPerSession ?? 3);
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /**
   * Keeps an upload until it is confirmed or expires; drops the same session's oldest past its bound.
   * @param upload - the upload, without its id and expiry.
   * @returns the kept upload, with its id; undefined when the uploads waiting hold too much already
   *   (nothing is dropped then: the caller says so and asks to try later).
   */
  public add(upload: Omit<PendingUpload<Plan>, 'id' | 'expires'>): PendingUpload<Plan> | undefined {
    this.sweep();
    const size = sizeOf(upload);
    const own = [...this.entries.values()].filter((e) => e.session === upload.session);
    // The session's own oldest previews make room first (they are replaced by this one anyway).
    const dropped = own.slice(0, Math.max(0, own.length - this.maxPerSession + 1));
    const freed = dropped.reduce((sum, e) => sum + sizeOf(e), 0);
    if (this.bytes - freed + size > this.maxBytes) return undefined;
    for (const entry of dropped) this.remove(entry.id);
    const entry = { ...upload, id: randomBytes(18).toString('base64url'), expires: this.now() + this.ttlMs };
    this.entries.set(entry.id, entry);
    this.bytes += size;
    return entry;
  }

  /**
   * @param id - an upload's id.
   * @param session - the asking session's id.
   * @returns the upload, when it is this session's and has not expired.
   */
  public find(id: string, session: string): PendingUpload<Plan> | undefined {
    this.sweep();
    const entry = this.entries.get(id);
    return entry === undefined || entry.session !== session ? undefined : entry;
  }

  /**
   * Removes and returns an upload for its confirmation: a second confirmation finds nothing.
   * @param id - an upload's id.
   * @param session - the confirming session's id.
   * @returns the upload, when it is this session's and has not expired.
   */
  public take(id: string, session: string): PendingUpload<Plan> | undefined {
    const entry = this.find(id, session);
    if (entry !== undefined) this.remove(id);
    return entry;
  }

  /** @returns the bytes the waiting uploads are counted as (see the class TSDoc). */
  public size(): number {
    return this.bytes;
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.entries.delete(id);
    this.bytes -= sizeOf(entry);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expires <= now) this.remove(id);
  }
}
