import Database from 'better-sqlite3';
import { foldText, searchTextLiterals, stringLiterals } from '../store/index.js';
import type { StringLiteral } from '../store/index.js';

/** The most candidate literals a text filter is rewritten with; past it the engine scans as before. */
export const MAX_TEXT_CANDIDATES = 2000;

/** Options of {@link TextCandidateSource}. */
export interface TextCandidateSourceOptions {
  /** The record store's SQLite file (opened read-only; its text index is kept by the store's writes). */
  readonly dbPath: string;
  /** Graphs the query engine holds beside the records (the ontology): their literals are searched too. */
  readonly vocabulary?: readonly { readonly ntriples: string }[] | undefined;
  /** The most candidates returned; more gives undefined. */
  readonly max?: number;
}

/**
 * Finds the literals a text filter can match (see text-filter-rewrite.ts): those of the records,
 * from the store's text index through a read-only connection of the main thread (a read sees every
 * committed write, so a query sent after a write finds its literals), and those of the vocabulary
 * graphs, searched in memory.
 */
export class TextCandidateSource {
  private db: Database.Database | undefined;
  private readonly vocabulary: readonly (StringLiteral & { readonly folded: string })[];
  private readonly max: number;

  /**
   * @param options - the database file, the vocabulary graphs and the most candidates wanted.
   */
  public constructor(private readonly options: TextCandidateSourceOptions) {
    this.max = options.max ?? MAX_TEXT_CANDIDATES;
    this.vocabulary = (options.vocabulary ?? []).flatMap((graph) => [...stringLiterals(graph.ntriples).values()].map((l) => ({ ...l, folded: foldText(l.lexical) })));
  }

  /**
   * The literals whose folded text contains a folded needle.
   * @param needle - the folded needle (3 characters or more).
   * @returns the literals, or undefined when there are more than the most wanted or the file has no text index.
   */
  public candidates(needle: string): StringLiteral[] | undefined {
    const db = this.open();
    if (db === undefined) return undefined;
    // Keyed by term: a VALUES row twice would give each solution twice.
    const found = new Map<string, StringLiteral>();
    for (const literal of searchTextLiterals(db, needle, this.max)) found.set(`${literal.lang}\u0000${literal.lexical}`, literal);
    for (const literal of this.vocabulary) {
      if (literal.folded.includes(needle)) found.set(`${literal.lang}\u0000${literal.lexical}`, { lexical: literal.lexical, lang: literal.lang });
    }
    return found.size > this.max ? undefined : [...found.values()];
  }

  private open(): Database.Database | undefined {
    if (this.db === undefined) {
      const db = new Database(this.options.dbPath, { readonly: true, fileMustExist: true });
      // A file no store of this version has opened yet has no index: the engine scans as before.
      if (db.prepare('SELECT 1 FROM sqlite_master WHERE name = \'text_search\'').get() === undefined) {
        db.close();
        return undefined;
      }
      this.db = db;
    }
    return this.db;
  }

  /** Closes the connection. */
  public close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
