import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import { citationLocale, citationStyle, formatCitation } from '../../../src/citation/citation-formats.js';
import type { CslItem } from '../../../src/citation/csl-item.js';
import { BadRequestError } from '../../../src/errors/phd-error.js';

const LONG_URL = 'https://phd.core.example.org/id/configuration/a-configuration-with-a-rather-long-local-name-v12';
const ITEM: CslItem = {
  id: LONG_URL, type: 'document', genre: 'Microscope hardware configuration', title: 'Widefield, 2025 set-up with the new sCMOS camera and the LED light engine',
  author: [{ literal: 'Example Core' }, { family: 'Carberry', given: 'Josiah' }], publisher: 'Example University', issued: { 'date-parts': [[2025, 1, 15]] },
  URL: LONG_URL, version: '12', note: `Facility: RRID:SCR_999003. Hardware configuration: ${LONG_URL}.`,
};

describe('citationStyle', () => {
  it('takes APA by default and a bundled style in any case.', () => {
    expect(citationStyle(undefined)).toBe('apa');
    expect(citationStyle(' ')).toBe('apa');
    expect(citationStyle('Vancouver')).toBe('vancouver');
  });

  it('refuses an unknown style with a 400 that lists the styles.', () => {
    let caught: unknown;
    try {
      citationStyle('chicago-author-date');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect(caught).toMatchObject({ status: 400, code: 'unknown-style', details: { styles: ['apa', 'vancouver', 'harvard1'] } });
  });
});

describe('citationLocale', () => {
  it('takes en-US by default, a locale in any case or spelling, and a language for its locale.', () => {
    expect(citationLocale(undefined)).toBe('en-US');
    expect(citationLocale('de_de')).toBe('de-DE');
    expect(citationLocale('fr')).toBe('fr-FR');
  });

  it('refuses an unknown locale with a 400 that lists the locales.', () => {
    expect(() => citationLocale('xx-YY')).toThrow(expect.objectContaining({ status: 400, code: 'unknown-locale' }) as Error);
  });
});

describe('formatCitation', () => {
  it('writes RIS with every value on one line, so that long values read back whole.', async () => {
    const ris = await formatCitation([ITEM], 'ris');
    expect(ris.startsWith('TY  - GEN\n')).toBe(true);
    expect(ris.endsWith('ER  - \n')).toBe(true);
    expect(ris).toContain(`UR  - ${LONG_URL}\n`);
    expect(ris).not.toMatch(/^ID {2}- /mu);
    expect(new Cite(ris).data[0]).toMatchObject({ URL: LONG_URL, title: ITEM.title, note: ITEM.note });
  });

  it('writes CSL-JSON that reads back as the same item.', async () => {
    const parsed = JSON.parse(await formatCitation([ITEM], 'csl+json')) as unknown[];
    expect(parsed).toEqual([ITEM]);
  });

  it('formats a bibliography in the style and locale asked for.', async () => {
    const apa = await formatCitation([ITEM], 'bibliography');
    expect(apa).toBe(`Example Core, & Carberry, J. (2025). ${ITEM.title} (Version 12) [Microscope hardware configuration]. Example University. ${LONG_URL}\n`);
    expect(await formatCitation([ITEM], 'bibliography', { style: 'vancouver' })).toMatch(/^1\. +Example Core, Carberry J\./u);
    expect(await formatCitation([ITEM], 'bibliography', { style: 'harvard1', locale: 'de-DE' })).toContain('„');
    await expect(formatCitation([ITEM], 'bibliography', { style: 'nope' })).rejects.toThrow(BadRequestError);
  });
});
