import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES } from './rdf-files.js';

/** The DataCite 4.5 XML Schema (metadata.xsd and its includes), as DataCite publishes it. */
export const DATACITE_XSD = join(FIXTURES, 'datacite-4.5', 'metadata.xsd');

/**
 * Validates an XML document against the DataCite 4.5 XSD with xmllint (libxml2, the validator
 * DataCite's own API uses through Nokogiri). The document goes through stdin: no scratch files.
 * @param xml - the document.
 * @returns xmllint's complaints, one a line; empty when the document is valid.
 */
export function xsdErrors(xml: string): string[] {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', DATACITE_XSD, '-'], { input: xml, encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(`xmllint could not run (${run.error.message}): install libxml2-utils, see .ci/install-test-tools.sh`);
  return run.status === 0 ? [] : run.stderr.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '- fails to validate');
}
