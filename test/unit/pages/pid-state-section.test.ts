import { describe, expect, it } from 'vitest';
import type { PidRegistration } from '../../../src/minting/pid-minting.js';
import { pidStateSection } from '../../../src/pages/pid-state-section.js';

const synced: PidRegistration = {
  pid: 'https://doi.org/10.5072/phd-abcd-1234',
  id: '10.5072/phd-abcd-1234',
  provider: 'datacite',
  facility: undefined,
  target: 'draft',
  providerState: 'draft',
  sync: 'synced',
  attempts: 0,
  nextAttemptAt: undefined,
  lastError: undefined,
  lastStatus: undefined,
  createdAt: '2026-12-06T15:00:00.000Z',
  updatedAt: '2026-12-06T15:00:05.000Z',
};

/** The section's text without markup. */
const text = (registration: PidRegistration) => String(pidStateSection(registration)).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('The PID state section of a landing page', () => {
  it('is absent for a record the service registers no PID for.', () => {
    expect(pidStateSection(undefined)).toBeUndefined();
  });

  it('shows a synced draft, a findable and a hidden DOI by their target state.', () => {
    expect(text(synced)).toContain('Draft.');
    expect(text(synced)).toContain('reserved at DataCite');
    expect(text({ ...synced, target: 'findable', providerState: 'findable' })).toContain('Findable.');
    expect(text({ ...synced, target: 'hidden', providerState: 'registered' })).toContain('Hidden.');
    expect(text({ ...synced, target: 'hidden', providerState: 'registered' })).toContain('registered');
  });

  it('shows a pending sync with its failed tries and when the next is due.', () => {
    const pending = text({ ...synced, sync: 'pending', attempts: 2, nextAttemptAt: '2026-12-06T15:10:00.000Z', providerState: undefined });
    expect(pending).toContain('Sync pending.');
    expect(pending).toContain('2 tries failed so far');
    expect(pending).toContain('2026-12-06 15:10 UTC');
    expect(pending).toContain('not confirmed yet');
  });

  it('shows a failed sync with the provider\'s message, escaped, as a warning.', () => {
    const section = String(pidStateSection({ ...synced, sync: 'failed', lastError: 'xml: <creators> is missing', lastStatus: 422 }));
    expect(section).toContain('class="notice warn"');
    expect(section).toContain('Sync failed.');
    expect(section).toContain('xml: &lt;creators&gt; is missing');
    expect(section).not.toContain('<creators>');
  });

  it('shows a dead registration with the tries and the command that sends it again.', () => {
    const dead = text({ ...synced, sync: 'dead', attempts: 8, lastError: 'DataCite answered 503' });
    expect(dead).toContain('Sync stopped.');
    expect(dead).toContain('8 tries to reach DataCite failed');
    expect(dead).toContain('imaging-phd pid retry 10.5072/phd-abcd-1234');
  });

  it('names a dead handle in the retry command with its scheme, the form the command accepts.', () => {
    const dead = text({ ...synced, pid: 'https://hdl.handle.net/21.T11998/phd-abcd-1234', id: '21.T11998/phd-abcd-1234', provider: 'handle', sync: 'dead', attempts: 3, lastError: 'The handle server answered 500' });
    expect(dead).toContain('imaging-phd pid retry hdl:21.T11998/phd-abcd-1234.');
  });
});
