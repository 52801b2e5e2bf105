import { RDF, XSD } from '../domain/index.js';
import type { SparqlResults, SparqlTerm } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';

/**
 * One term in the form SPARQL 1.1 JSON prescribes: `literal` with `datatype` or `xml:lang` (no
 * SPARQL 1.0 `typed-literal`, no `xsd:string` datatype), and blank node labels without a store's
 * `nodeID://` prefix.
 */
function normalizeTerm(term: SparqlTerm): SparqlTerm {
  if (term.type === 'uri') return { type: 'uri', value: term.value };
  if (term.type === 'bnode') return { type: 'bnode', value: term.value.replace(/^(nodeID:\/\/|_:)/, '') };
  const lang = term['xml:lang'];
  if (lang !== undefined && lang !== '') return { type: 'literal', value: term.value, 'xml:lang': lang };
  const datatype = term.datatype;
  if (datatype === undefined || datatype === XSD.string || datatype === RDF.langString) return { type: 'literal', value: term.value };
  return { type: 'literal', value: term.value, datatype };
}

/**
 * A store's SPARQL JSON results rewritten as SPARQL 1.1 prescribes (see {@link normalizeTerm}).
 * @param results - the store's document.
 * @returns the normalized results.
 */
export function normalizeResults(results: SparqlResults): SparqlResults {
  if (typeof results.boolean === 'boolean') return { head: {}, boolean: results.boolean };
  const bindings = (results.results?.bindings ?? []).map((binding) => {
    // No prototype: a variable named `__proto__` is a binding like any other, not the object's prototype.
    const out = Object.create(null) as Record<string, SparqlTerm>;
    for (const [name, term] of Object.entries(binding)) if (term !== undefined) out[name] = normalizeTerm(term);
    return out;
  });
  return { head: { vars: results.head.vars ?? [] }, results: { bindings } };
}

function csvField(term: SparqlTerm | undefined): string {
  if (term === undefined) return '';
  const text = term.type === 'bnode' ? `_:${term.value}` : term.value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function escapeString(text: string): string {
  return text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c);
}

const BARE: Readonly<Record<string, RegExp>> = {
  [XSD.integer]: /^[+-]?\d+$/,
  [XSD.decimal]: /^[+-]?\d*\.\d+$/,
  [XSD.double]: /^[+-]?(\d+\.\d*|\.?\d+)[eE][+-]?\d+$/,
  [XSD.boolean]: /^(true|false)$/,
};

function tsvField(term: SparqlTerm | undefined): string {
  if (term === undefined) return '';
  if (term.type === 'uri') return `<${term.value}>`;
  if (term.type === 'bnode') return `_:${term.value}`;
  const lang = term['xml:lang'];
  if (lang !== undefined) return `"${escapeString(term.value)}"@${lang}`;
  if (term.datatype === undefined) return `"${escapeString(term.value)}"`;
  if (BARE[term.datatype]?.test(term.value) === true) return term.value;
  return `"${escapeString(term.value)}"^^<${term.datatype}>`;
}

function xml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function xmlTerm(term: SparqlTerm): string {
  if (term.type === 'uri') return `<uri>${xml(term.value)}</uri>`;
  if (term.type === 'bnode') return `<bnode>${xml(term.value)}</bnode>`;
  const lang = term['xml:lang'];
  if (lang !== undefined) return `<literal xml:lang="${xml(lang)}">${xml(term.value)}</literal>`;
  if (term.datatype !== undefined) return `<literal datatype="${xml(term.datatype)}">${xml(term.value)}</literal>`;
  return `<literal>${xml(term.value)}</literal>`;
}

/**
 * Writes normalized SPARQL results (see {@link normalizeResults}) in a SPARQL 1.1 results format,
 * byte for byte as the embedded engine (Oxigraph) writes them, so that a client sees the same
 * answer whichever store holds the records.
 * @param results - normalized results.
 * @param mediaType - one of the SOLUTION_FORMATS media types.
 * @returns the serialized results.
 */
export function writeResults(results: SparqlResults, mediaType: string): string {
  const vars = results.head.vars ?? [];
  const bindings = results.results?.bindings ?? [];
  const ask = typeof results.boolean === 'boolean' ? String(results.boolean) : undefined;
  switch (mediaType) {
    case mediaTypeFor('sparql-results+json'):
      return JSON.stringify(results);
    case mediaTypeFor('sparql-results+csv'):
      return ask ?? `${vars.join(',')}\r\n${bindings.map((b) => `${vars.map((v) => csvField(b[v])).join(',')}\r\n`).join('')}`;
    case mediaTypeFor('sparql-results+tsv'):
      return ask ?? `${vars.map((v) => `?${v}`).join('\t')}\n${bindings.map((b) => `${vars.map((v) => tsvField(b[v])).join('\t')}\n`).join('')}`;
    case mediaTypeFor('sparql-results+xml'): {
      const head = `<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>${vars.map((v) => `<variable name="${xml(v)}"/>`).join('')}</head>`;
      if (ask !== undefined) return `${head}<boolean>${ask}</boolean></sparql>`;
      const rows = bindings.map((b) => `<result>${vars.flatMap((v) => {
        const term = b[v];
        return term === undefined ? [] : [`<binding name="${xml(v)}">${xmlTerm(term)}</binding>`];
      }).join('')}</result>`);
      return `${head}<results>${rows.join('')}</results></sparql>`;
    }
    default:
      throw new Error(`no writer for SPARQL results as ${mediaType}`);
  }
}
