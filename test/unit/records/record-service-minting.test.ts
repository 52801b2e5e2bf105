import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { RecordService } from '../../../src/records/record-service.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import type { Principal } from '../../../src/domain/principal.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import {
  ADMIN, createFromTurtle, mockedService, BASE, INSTANCE_A, sameGraphAs, stored, TOKEN_A,
} from './record-service-doubles.js';

// Which IRI a new record gets: one minted here for `<>` or a blank node, else the PID it is given,
// which must be free (never reused once withdrawn, unless the administrator restores an external
// PID) and lie under no other record. PIDs are checked against their check digits.

const MINTED = new RegExp(`^${BASE}/id/model/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);

let store: Mocked<RecordStore>;
let service: RecordService;

const create = (body: string, principal: Principal = ADMIN) => createFromTurtle(service, body, principal);

beforeEach(() => {
  ({ store, service } = mockedService());
});

describe('A RecordService minting IRIs', () => {
  it('mints {base}/id/{kind}/{uuid} for a record named <>, writing the body\'s graph under it.', async () => {
    await create('<> a phd:InstrumentModel ; schema:name "M" ; schema:hasPart [ schema:name "stand" ] .');
    const [write] = store.create.mock.calls[0] ?? [];
    expect(write?.iri).toMatch(MINTED);
    expect(sameGraphAs(write, `<${write?.iri ?? ''}> a phd:InstrumentModel ; schema:name "M" ; schema:hasPart [ schema:name "stand" ] .`)).toBe(true);
  });

  it('moves the nodes a record named <> holds as <#x> under the minted IRI.', async () => {
    await create('<> a phd:InstrumentModel ; schema:name "M" ; schema:hasPart <#stand> .\n<#stand> schema:name "stand" .');
    const [write] = store.create.mock.calls[0] ?? [];
    const iri = write?.iri ?? '';
    expect(iri).toMatch(MINTED);
    expect(sameGraphAs(write, `<${iri}> a phd:InstrumentModel ; schema:name "M" ; schema:hasPart <${iri}#stand> .\n<${iri}#stand> schema:name "stand" .`)).toBe(true);
  });

  it('mints an IRI for a record that is a blank node.', async () => {
    await create('[] a phd:InstrumentModel ; schema:name "B" .');
    const [write] = store.create.mock.calls[0] ?? [];
    expect(write?.iri).toMatch(MINTED);
    expect(sameGraphAs(write, `<${write?.iri ?? ''}> a phd:InstrumentModel ; schema:name "B" .`)).toBe(true);
  });

  it('mints a new IRI on every create.', async () => {
    await create('<> a phd:InstrumentModel ; schema:name "same" .');
    await create('<> a phd:InstrumentModel ; schema:name "same" .');
    const [first, second] = store.create.mock.calls.map(([write]) => write.iri);
    expect(first).toMatch(MINTED);
    expect(second).toMatch(MINTED);
    expect(first).not.toBe(second);
  });

  it('keeps the PID a record is given, minting nothing.', async () => {
    const body = '<https://doi.org/10.5072/phd.model.given> a phd:InstrumentModel ; schema:name "G" .';
    await create(body);
    const [write] = store.create.mock.calls[0] ?? [];
    expect(write?.iri).toBe('https://doi.org/10.5072/phd.model.given');
    expect(sameGraphAs(write, body)).toBe(true);
  });

  it('refuses a relative IRI other than <> as a record\'s name (422 relative-iri).', async () => {
    await expect(create('<#it> a phd:InstrumentModel ; schema:name "R" .')).rejects.toMatchObject({ status: 422, code: 'relative-iri' });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a body with no record, or with two (422 not-one-record).', async () => {
    await expect(create('<https://doi.org/10.5072/x> schema:name "untyped" .')).rejects.toMatchObject({ code: 'not-one-record' });
    await expect(create('<https://doi.org/10.5072/x> a phd:InstrumentModel ; schema:name "x" .\n<https://doi.org/10.5072/y> a phd:InstrumentModel ; schema:name "y" .'))
      .rejects.toMatchObject({ code: 'not-one-record' });
    expect(store.create).not.toHaveBeenCalled();
  });
});

describe('A RecordService creating a record whose IRI is taken', () => {
  const GONE_MINTED = `${BASE}/id/model/00000000-0000-4000-8000-000000000000`;
  const GONE_PID = 'https://doi.org/10.5072/phd.gone';
  const LIVE = 'https://doi.org/10.5072/phd.live';
  const model = (iri: string) => `<${iri}> a phd:InstrumentModel ; schema:name "again" .`;

  beforeEach(() => {
    ({ store, service } = mockedService([
      stored(LIVE, 'model', model(LIVE), { createdBy: TOKEN_A.id }),
      stored(GONE_MINTED, 'model', model(GONE_MINTED), { deletedAt: '2024-06-01T00:00:00.000Z' }),
      stored(GONE_PID, 'model', model(GONE_PID), { createdBy: TOKEN_A.id, deletedAt: '2024-06-01T00:00:00.000Z' }),
    ]));
  });

  it('refuses a live record\'s IRI (409), pointing at PUT.', async () => {
    await expect(create(model(LIVE))).rejects.toThrow(/exists already: change it with PUT/);
    expect(store.create).not.toHaveBeenCalled();
  });

  it('never reuses a withdrawn IRI minted here, not even for the administrator (409).', async () => {
    await expect(create(model(GONE_MINTED))).rejects.toMatchObject({ status: 409 });
    await expect(create(model(GONE_MINTED))).rejects.toThrow(/never reused/);
    expect(store.revive).not.toHaveBeenCalled();
    expect(store.create).not.toHaveBeenCalled();
  });

  it('lets the administrator restore a withdrawn external PID as its next version.', async () => {
    await create(model(GONE_PID));
    expect(store.revive).toHaveBeenCalledWith(expect.objectContaining({ iri: GONE_PID, actor: 'admin' }));
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a facility token that would restore a withdrawn external PID, even its own (409).', async () => {
    await expect(create(model(GONE_PID), TOKEN_A)).rejects.toThrow(/only the administrator can restore it/);
    expect(store.revive).not.toHaveBeenCalled();
  });
});

describe('A RecordService keeping IRIs apart', () => {
  it('refuses a new record whose IRI lies under another record\'s (409).', async () => {
    await expect(create(`<${INSTANCE_A}/part> a phd:InstrumentModel ; schema:name "p" .`)).rejects.toThrow(`lies under the record ${INSTANCE_A}`);
    await expect(create(`<${INSTANCE_A}#part> a phd:InstrumentModel ; schema:name "p" .`)).rejects.toThrow(`lies under the record ${INSTANCE_A}`);
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a new record whose IRI is a node typed in another record (409).', async () => {
    const node = 'https://doi.org/10.5072/phd.typed.node';
    ({ store, service } = mockedService([stored('https://doi.org/10.5072/phd.holder', 'model', `<https://doi.org/10.5072/phd.holder> a phd:InstrumentModel .\n<${node}> a schema:Thing .`)]));
    await expect(create(`<${node}> a phd:InstrumentModel ; schema:name "n" .`)).rejects.toThrow(/is a node of another record/);
    expect(store.create).not.toHaveBeenCalled();
  });
});

describe('A RecordService checking PIDs with the real validator', () => {
  const person = (orcid: string) => `<https://orcid.org/${orcid}> a phd:Person ; schema:name "Josiah Carberry" ; dcterms:identifier "${orcid}" .`;

  beforeEach(() => {
    service = new RecordService({ store, validator: new RecordValidator(), baseUrl: BASE });
  });

  it('stores a person whose ORCID check digit holds.', async () => {
    await create(person('0000-0002-1825-0097'));
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: 'https://orcid.org/0000-0002-1825-0097', kind: 'person' }));
  });

  it('refuses a person whose ORCID check digit fails (422 shacl-violation, rule orcid-checksum), storing nothing.', async () => {
    const writing = create(person('0000-0002-1825-0098'));
    await expect(writing).rejects.toMatchObject({ status: 422, code: 'shacl-violation' });
    const error: unknown = await writing.catch((e: unknown) => e);
    const violations = (error as { details: { violations: { message: string }[] } }).details.violations;
    expect(violations.some((v) => v.message.includes('[rule orcid-checksum]'))).toBe(true);
    expect(store.create).not.toHaveBeenCalled();
  });
});
