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
  /** How many uploads wait at most; the oldest are dropped past it (default 100). */
  readonly maxEntries?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

/**
 * The uploads previewed and not yet confirmed, kept in memory: bound to the session that uploaded
 * them, expiring after an hour, at most a hundred (each at most PHD_MAX_BODY_BYTES), the oldest
 * dropped first. In memory rather than in the store's database because the RecordStore interface
 * exposes no database (the external store keeps only a catalogue beside Virtuoso) and a pending
 * upload is worth nothing after a restart but a new upload of the same file; it never holds
 * anything the store needs. A confirmation {@link take}s its upload, so confirming twice stores once.
 */
export class PendingUploads<Plan = unknown> {
  private readonly entries = new Map<string, PendingUpload<Plan>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  /** @param options - time to live, size bound, clock. */
  public constructor(options: PendingUploadsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.maxEntries = options.maxEntries ?? 100;
    this.now = options.now ?? Date.now;
  }

  /**
   * Keeps an upload until it is confirmed or expires.
   * @param upload - the upload, without its id and expiry.
   * @returns the kept upload, with its id.
   */
  public add(upload: Omit<PendingUpload<Plan>, 'id' | 'expires'>): PendingUpload<Plan> {
    this.sweep();
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const entry = { ...upload, id: randomBytes(18).toString('base64url'), expires: this.now() + this.ttlMs };
    this.entries.set(entry.id, entry);
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
    if (entry !== undefined) this.entries.delete(id);
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expires <= now) this.entries.delete(id);
  }
}
