import type Database from 'better-sqlite3';
import { TEXT_INDEX_SQL } from './sqlite-schema.js';

/** A string literal: its lexical form and language tag (`''` for a simple or xsd:string literal). */
export interface StringLiteral {
  readonly lexical: string;
  readonly lang: string;
}

/** Where the first build of the text index reports (a store's logger). */
export interface TextIndexLogger {
  info: (fields: Record<string, unknown>, message: string) => void;
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
/** The start of an N-Triples line up to its object: a subject (IRI or blank node) and a predicate IRI. */
const SUBJECT_AND_PREDICATE = /^(?:<[^>]*>|_:\S+)\s+<[^>]*>\s+$/;
const ESCAPES: Readonly<Record<string, string>> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', '\'': '\'', '\\': '\\' };
/** Records between two progress lines of the first build. */
const BUILD_PROGRESS_EVERY = 50_000;

/**
 * The text a literal is matched on: each code point lowercased on its own (so the folding of a
 * string is the concatenation of the foldings of its parts, and "a contains b" implies "fold(a)
 * contains fold(b)"), with the final sigma and the long s folded to the letters that SPARQL's
 * LCASE and a case-insensitive REGEX take them for.
 * @param text - a literal's lexical form or a needle.
 * @returns the folded text.
 */
export function foldText(text: string): string {
  let folded = '';
  for (const c of text) folded += c === 'ς' ? 'σ' : c === 'ſ' ? 's' : c.toLowerCase();
  return folded;
}

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_, u4: string | undefined, u8: string | undefined, c: string | undefined) =>
    u4 !== undefined || u8 !== undefined ? String.fromCodePoint(Number.parseInt(u4 ?? u8 ?? '', 16)) : ESCAPES[c ?? ''] ?? c ?? '');
}

/**
 * The string literal in the object of an N-Triples line, if it has one.
 * @param line - one N-Triples line.
 * @returns the literal, or undefined (an IRI, a blank node, a triple term, a literal of another datatype).
 */
function objectLiteral(line: string): StringLiteral | undefined {
  const open = line.indexOf('"');
  if (open < 0 || !SUBJECT_AND_PREDICATE.test(line.slice(0, open))) return undefined;
  let close = open + 1;
  while (close < line.length && line[close] !== '"') close += line[close] === '\\' ? 2 : 1;
  if (close >= line.length) return undefined;
  const lexical = unescape(line.slice(open + 1, close));
  const rest = line.slice(close + 1).replace(/\s*\.\s*$/, '');
  if (rest === '' || rest === `^^<${XSD_STRING}>`) return { lexical, lang: '' };
  // Language tags are compared without case (the query engine lowercases them).
  return rest.startsWith('@') ? { lexical, lang: rest.slice(1).toLowerCase() } : undefined;
}

/**
 * The distinct string literals in the objects of a graph.
 * @param ntriples - the graph as N-Triples.
 * @returns the literals, keyed by language tag and lexical form.
 */
export function stringLiterals(ntriples: string): Map<string, StringLiteral> {
  const found = new Map<string, StringLiteral>();
  for (const line of ntriples.split('\n')) {
    const literal = objectLiteral(line);
    if (literal !== undefined) found.set(`${literal.lang}\u0000${literal.lexical}`, literal);
  }
  return found;
}

/**
 * Keeps the text index ({@link TEXT_INDEX_SQL}) of a record store's database: every distinct
 * string literal a live record holds, with the number of records holding it, so a literal leaves
 * the index when the last record holding it changes or is withdrawn. Each change runs in the
 * caller's transaction (the record write), so the index never disagrees with the records.
 */
export class TextLiterals {
  private readonly add: Database.Statement;
  private readonly addText: Database.Statement;
  private readonly release: Database.Statement;
  private readonly removeText: Database.Statement;
  private readonly removeRow: Database.Statement;

  /**
   * Creates the index where the database has none, and fills it from the live records.
   * @param db - the store's database.
   * @param logger - where the first build of a store's index reports its progress.
   */
  public constructor(private readonly db: Database.Database, logger?: TextIndexLogger) {
    const existed = db.prepare('SELECT 1 FROM sqlite_master WHERE name = \'text_literals\'').get() !== undefined;
    db.transaction(() => {
      db.exec(TEXT_INDEX_SQL);
      if (!existed) this.build(logger);
    })();
    this.add = db.prepare(`INSERT INTO text_literals(lexical, lang, folded, refs) VALUES (?, ?, ?, 1)
      ON CONFLICT(lexical, lang) DO UPDATE SET refs = refs + 1 RETURNING id, refs`);
    this.addText = db.prepare('INSERT INTO text_search(rowid, folded) VALUES (?, ?)');
    this.release = db.prepare('UPDATE text_literals SET refs = refs - 1 WHERE lexical = ? AND lang = ? RETURNING id, refs, folded');
    this.removeText = db.prepare('INSERT INTO text_search(text_search, rowid, folded) VALUES (\'delete\', ?, ?)');
    this.removeRow = db.prepare('DELETE FROM text_literals WHERE id = ?');
  }

  /** Fills an empty index from the live records (a file written before the index existed). */
  private build(logger: TextIndexLogger | undefined): void {
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM records WHERE deleted_at IS NULL').get() as { n: number }).n;
    if (total === 0) return;
    logger?.info({ records: total }, 'building the text index of the records\' literals (once, for a store written before it existed)');
    const started = Date.now();
    const refs = new Map<string, { literal: StringLiteral; refs: number }>();
    let done = 0;
    for (const row of this.db.prepare('SELECT ntriples FROM records WHERE deleted_at IS NULL').iterate() as Iterable<{ ntriples: string }>) {
      for (const [key, literal] of stringLiterals(row.ntriples)) {
        const entry = refs.get(key);
        if (entry === undefined) refs.set(key, { literal, refs: 1 });
        else entry.refs += 1;
      }
      done += 1;
      if (done % BUILD_PROGRESS_EVERY === 0) logger?.info({ records: done, of: total }, 'text index: records read');
    }
    const insert = this.db.prepare('INSERT INTO text_literals(lexical, lang, folded, refs) VALUES (?, ?, ?, ?)');
    for (const { literal, refs: n } of refs.values()) insert.run(literal.lexical, literal.lang, foldText(literal.lexical), n);
    this.db.exec('INSERT INTO text_search(text_search) VALUES (\'rebuild\')');
    logger?.info({ records: total, literals: refs.size, ms: Date.now() - started }, 'text index built');
  }

  /**
   * Records that a record's graph changed; call it inside the write's transaction.
   * @param before - the record's graph before the write (`''` for a new record).
   * @param after - its graph after the write (`''` for a withdrawn one).
   */
  public change(before: string, after: string): void {
    const old = before === '' ? new Map<string, StringLiteral>() : stringLiterals(before);
    const now = after === '' ? new Map<string, StringLiteral>() : stringLiterals(after);
    for (const [key, literal] of old) {
      if (now.has(key)) continue;
      const row = this.release.get(literal.lexical, literal.lang) as { id: number; refs: number; folded: string } | undefined;
      if (row !== undefined && row.refs <= 0) {
        this.removeText.run(row.id, row.folded);
        this.removeRow.run(row.id);
      }
    }
    for (const [key, literal] of now) {
      if (old.has(key)) continue;
      const row = this.add.get(literal.lexical, literal.lang, foldText(literal.lexical)) as { id: number; refs: number };
      if (row.refs === 1) this.addText.run(row.id, foldText(literal.lexical));
    }
  }
}

/**
 * The string literals whose folded text contains a needle's, from the text index.
 * @param db - a database holding the text index (the store's, or a read-only connection to its file).
 * @param needle - the folded needle ({@link foldText}), at least 3 characters (the trigram index finds nothing shorter).
 * @param max - the most literals wanted.
 * @returns up to `max + 1` literals (more than `max`: the caller gives up on them).
 */
export function searchTextLiterals(db: Database.Database, needle: string, max: number): StringLiteral[] {
  return db.prepare(`SELECT l.lexical, l.lang FROM text_search JOIN text_literals l ON l.id = text_search.rowid
    WHERE text_search MATCH ? AND instr(l.folded, ?) > 0 LIMIT ?`).all(`"${needle.replaceAll('"', '""')}"`, needle, max + 1) as StringLiteral[];
}
