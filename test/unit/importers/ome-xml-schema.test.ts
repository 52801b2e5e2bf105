import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { OME_MAPPING } from '../../../src/importers/ome-mapping.js';
import { FIXTURES } from '../../support/rdf-files.js';

/**
 * The importer's table of dispositions (OME_MAPPING) against the released OME 2016-06 schema
 * (test/fixtures/ome-xml/schema/ome.xsd): every attribute and child element the schema allows under
 * an Instrument or an Image has a disposition, mapped or not mapped with a reason (issue 16 item 2).
 * What the table does not know is still reported at import time; this test keeps the table whole.
 */

type Node = Record<string, unknown>;

const list = (value: unknown): Node[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]) as Node[]);
const local = (name: string) => name.replace(/^.*:/, '');

let elements: Map<string, Node>;
let types: Map<string, Node>;
let substitutes: Map<string, string[]>;

/** The attributes and child elements a schema element or type allows, extensions and substitution groups followed. */
function contentOf(node: Node, seen = new Set<Node>()): { attributes: Set<string>; children: Set<string> } {
  const attributes = new Set<string>();
  const children = new Set<string>();
  const visit = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const [key, value] of Object.entries(n)) {
      if (key === 'xsd:annotation') continue;
      for (const item of list(value)) {
        if (typeof item !== 'object') continue;
        if (key === 'xsd:attribute') {
          const name = item['@_name'] ?? item['@_ref'];
          if (typeof name === 'string') attributes.add(local(name));
        } else if (key === 'xsd:element') {
          const name = item['@_ref'] ?? item['@_name'];
          if (typeof name !== 'string') continue;
          const names = substitutes.get(local(name)) ?? [local(name)];
          for (const child of names) children.add(child);
        } else if (key === 'xsd:extension' || key === 'xsd:restriction') {
          const base = item['@_base'];
          const type = typeof base === 'string' ? types.get(local(base)) : undefined;
          if (type !== undefined) visit(type);
          visit(item);
        } else {
          visit(item);
        }
      }
    }
  };
  const typeName = node['@_type'];
  const named = typeof typeName === 'string' ? types.get(local(typeName)) : undefined;
  if (named !== undefined) visit(named);
  visit(node);
  return { attributes, children };
}

beforeAll(() => {
  const xsd = readFileSync(join(FIXTURES, 'ome-xml', 'schema', 'ome.xsd'), 'utf8');
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false }).parse(xsd) as Node;
  const schema = list(parsed['xsd:schema'])[0] ?? {};
  elements = new Map(list(schema['xsd:element']).map((e) => [String(e['@_name']), e]));
  types = new Map(list(schema['xsd:complexType']).map((t) => [String(t['@_name']), t]));
  substitutes = new Map();
  for (const [name, element] of elements) {
    const group = element['@_substitutionGroup'];
    if (typeof group === 'string') substitutes.set(local(group), [...(substitutes.get(local(group)) ?? []), name]);
  }
});

/** The elements under Instrument and Image the issue names, and those the walk descends into. */
const ELEMENTS = [
  'Instrument', 'Microscope', 'Laser', 'Arc', 'Filament', 'LightEmittingDiode', 'GenericExcitationSource', 'Detector', 'Objective',
  'FilterSet', 'Filter', 'TransmittanceRange', 'Dichroic', 'Image', 'ObjectiveSettings', 'ImagingEnvironment', 'StageLabel', 'Pixels',
  'Channel', 'LightSourceSettings', 'DetectorSettings', 'LightPath',
];

describe('OME_MAPPING against the OME 2016-06 schema', () => {
  it('reads the schema it checks against (Laser extends LightSource, which extends ManufacturerSpec).', () => {
    const laser = contentOf(elements.get('Laser') ?? {});
    expect([...laser.attributes]).toEqual(expect.arrayContaining(['Wavelength', 'WavelengthUnit', 'Power', 'ID', 'Manufacturer', 'SerialNumber']));
    expect([...laser.children]).toEqual(expect.arrayContaining(['Pump', 'AnnotationRef']));
    expect([...contentOf(elements.get('Instrument') ?? {}).children]).toEqual(expect.arrayContaining(['Laser', 'Arc', 'GenericExcitationSource']));
  });

  it.each(ELEMENTS)('gives every attribute and child element of %s a disposition: mapped, or not mapped with a reason.', (name) => {
    const element = elements.get(name) ?? types.get(name);
    expect(element, `${name} in ome.xsd`).toBeDefined();
    const { attributes, children } = contentOf(element ?? {});
    const rule = OME_MAPPING[name];
    expect(rule, `OME_MAPPING.${name}`).toBeDefined();
    const attributeRule = (attribute: string) => rule?.attributes?.[attribute] ?? rule?.attributes?.[attribute.replace(/Unit$/, '')];
    expect([...attributes].filter((a) => attributeRule(a) === undefined), `attributes of ${name}`).toEqual([]);
    expect([...children].filter((c) => rule?.children?.[c] === undefined), `children of ${name}`).toEqual([]);
    // A child the walk descends into has a rule of its own.
    expect([...children].filter((c) => rule?.children?.[c] === true && OME_MAPPING[c] === undefined), `rules for the children of ${name}`).toEqual([]);
  });
});
