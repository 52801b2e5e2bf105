import { randomBytes } from 'node:crypto';

/** How long a secret waits in memory for the page that shows it (a redirect's GET follows at once). */
const SHOWN_TTL_MS = 10 * 60_000;

/** How many secrets wait at most (the oldest go first): memory stays bounded whatever is posted. */
const MOST_WAITING = 1000;

interface Waiting<T> {
  readonly session: string;
  /** The secret, until its page has shown it once. */
  value: T | undefined;
  /** What it is, in words ("This API token"), for the page shown after. */
  readonly what: string;
  readonly until: number;
}

/**
 * What {@link ShownOnce.take} finds: the secret (first time); that it was shown already (what it
 * was, if still known); or nothing (another session's).
 */
export type Taken<T> = { readonly value: T } | { readonly shownAlready: string | undefined } | undefined;

/**
 * Secrets made by a POST (an API token, a one-time link) held in this process's memory for the GET
 * that shows them once (POST-redirect-GET): reloading that page, or the POST's redirect, makes no
 * second secret and does not show the first again. Keyed by the session and a random id, so only
 * the session that made it sees it; kept {@link SHOWN_TTL_MS} at most, {@link MOST_WAITING} at most.
 */
export class ShownOnce<T> {
  private readonly waiting = new Map<string, Waiting<T>>();

  /**
   * @param session - the session's id (not its secret).
   * @param value - the secret to show once.
   * @param what - what it is, in words ("This API token").
   * @returns the id to name in the redirect (`?shown=`).
   */
  public put(session: string, value: T, what: string): string {
    this.sweep();
    const id = randomBytes(16).toString('base64url');
    this.waiting.set(id, { session, value, what, until: Date.now() + SHOWN_TTL_MS });
    while (this.waiting.size > MOST_WAITING) {
      const oldest = this.waiting.keys().next().value;
      if (oldest === undefined) break;
      this.waiting.delete(oldest);
    }
    return id;
  }

  /**
   * @param session - the session asking.
   * @param id - the id from the redirect.
   * @returns the secret the first time; `shownAlready` after that (or once it expired); undefined for another session's id.
   */
  public take(session: string, id: string): Taken<T> {
    this.sweep();
    const found = this.waiting.get(id);
    if (found === undefined) return { shownAlready: undefined };
    if (found.session !== session) return undefined;
    const value = found.value;
    found.value = undefined;
    return value === undefined ? { shownAlready: found.what } : { value };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.waiting) if (entry.until <= now) this.waiting.delete(id);
  }
}
