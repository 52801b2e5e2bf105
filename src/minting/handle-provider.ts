import { XMLParser } from 'fast-xml-parser';
import type { HandleAccount } from '../config/index.js';
import type { PidinstRecord } from '../exporters/index.js';
import type { PidDocument, PidProvider, PushResult, TargetState } from './pid-provider.js';
import { ProviderError } from './provider-error.js';
import { type ProviderRequest, basicAuthorization, providerFailure, providerRequest } from './provider-request.js';

/** Options of {@link HandleProvider}. */
export interface HandleProviderOptions {
  /** Time limit of one request to the server (PHD_PID_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

/** One typed value of a handle record (Handle.Net REST API JSON). */
export interface HandleValue {
  readonly index: number;
  readonly type: string;
  readonly data: { readonly format: 'string' | 'admin'; readonly value: unknown };
}

/**
 * The PIDINST properties as typed handle values, with the types of the PIDINST ePIC cookbook (RDA
 * PIDINST WG, "PIDINST handles at ePIC", rdawg-pidinst white-paper `epic-cookbook/handles.rst` and
 * its `examples/ePIC_json_example.json`): each property is a type registered in the ePIC Data Type
 * Registry under 21.T11148 (the PIDINST profile is 21.T11148/17ce618137e697852ea6), its data a
 * string — JSON for the structured ones, shaped as in that example (`{"Owner": {"ownerName": …}}`).
 * B2INST (EUDAT's B2SHARE-based instrument registry) mints the ePIC handle itself when a PIDINST
 * record is published there (as GFZ's Sensor Management System client of B2INST shows); no
 * documentation of the values B2INST writes into its handles was found, so these are the
 * cookbook's types, the ones PIDINST-aware ePIC clients read. The index of each type is fixed so
 * that an update replaces values in place.
 */
export const PIDINST_HANDLE_TYPES = {
  Identifier: { index: 2, type: '21.T11148/8eb858ee0b12e8e463a5' },
  SchemaVersion: { index: 3, type: '21.T11148/aa24da8ba845c23ea75c' },
  LandingPage: { index: 4, type: '21.T11148/e0efc41346cda4ba84ca' },
  Name: { index: 5, type: '21.T11148/ab8d232261b9b60ba559' },
  Owner: { index: 6, type: '21.T11148/4eaec4bc0f1df68ab2a7' },
  Manufacturer: { index: 7, type: '21.T11148/1f3e82ddf0697a497432' },
  Model: { index: 8, type: '21.T11148/c1a0ec5ad347427f25d6' },
  Description: { index: 9, type: '21.T11148/f1627ce85386d8d75078' },
  InstrumentType: { index: 10, type: '21.T11148/c60c8da7fff2ef4f98ce' },
  Date: { index: 11, type: '21.T11148/22c62082a4d2d9ae2602' },
  AlternateIdentifier: { index: 12, type: '21.T11148/eb3c713572f681e6c4c3' },
  RelatedIdentifier: { index: 13, type: '21.T11148/178fb558abc755ca7046' },
} as const;

type KernelProperty = keyof typeof PIDINST_HANDLE_TYPES;

/** The index of the URL value (Handle.Net convention), of the withdrawal notice and of HS_ADMIN. */
const URL_INDEX = 1;
const WITHDRAWN_INDEX = 20;
const ADMIN_INDEX = 100;
/**
 * The instrument's status (PIDINST's proposed InstrumentStatus, rdawg-pidinst/schema#58: Planning,
 * Commissioning, Active, Inactive, Terminated). The proposal has no type in the ePIC Data Type
 * Registry yet, so the value is typed by the property's name, at an index of its own.
 */
const STATUS = { index: 14, type: 'InstrumentStatus' } as const;
/** HS_ADMIN permissions: everything but deleting the handle and changing its admins (Handle.Net's default for a new handle). */
const ADMIN_PERMISSIONS = '011111110011';

function text(index: number, type: string, value: string): HandleValue {
  return { index, type, data: { format: 'string', value } };
}

function kernel(property: KernelProperty, value: unknown): HandleValue[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  const { index, type } = PIDINST_HANDLE_TYPES[property];
  return [text(index, type, typeof value === 'string' ? value : JSON.stringify(value))];
}

/** The kernel values of an instrument instance, from its PIDINST record. */
function instanceValues(pidinst: PidinstRecord, url: string): HandleValue[] {
  return [
    ...kernel('Identifier', { identifierValue: pidinst.identifier.identifier, identifierType: pidinst.identifier.identifierType }),
    ...kernel('SchemaVersion', pidinst.schemaVersion),
    ...kernel('LandingPage', url),
    ...kernel('Name', pidinst.name),
    ...kernel('Owner', pidinst.owners.map((o) => ({
      Owner: {
        ownerName: o.ownerName,
        ...(o.ownerContact === undefined ? {} : { ownerContact: o.ownerContact }),
        ...(o.ownerIdentifier === undefined ? {} : { ownerIdentifier: { ownerIdentifierValue: o.ownerIdentifier.ownerIdentifier, ownerIdentifierType: o.ownerIdentifier.ownerIdentifierType } }),
      },
    }))),
    ...kernel('Manufacturer', pidinst.manufacturers.map((m) => ({
      Manufacturer: {
        manufacturerName: m.manufacturerName,
        ...(m.manufacturerIdentifier === undefined ? {} : { manufacturerIdentifier: { manufacturerIdentifierValue: m.manufacturerIdentifier.manufacturerIdentifier, manufacturerIdentifierType: m.manufacturerIdentifier.manufacturerIdentifierType } }),
      },
    }))),
    ...kernel('Model', pidinst.model === undefined ? undefined : [{
      modelName: pidinst.model.modelName,
      ...(pidinst.model.modelIdentifier === undefined ? {} : { modelIdentifier: { modelIdentifierValue: pidinst.model.modelIdentifier.modelIdentifier, modelIdentifierType: pidinst.model.modelIdentifier.modelIdentifierType } }),
    }]),
    ...kernel('Description', pidinst.description),
    ...kernel('InstrumentType', pidinst.instrumentTypes?.map((t) => ({ InstrumentType: { instrumentTypeName: t.instrumentTypeName } }))),
    ...kernel('Date', pidinst.dates?.map((d) => ({ date: { dateValue: d.date, dateType: d.dateType } }))),
    ...(pidinst.instrumentStatus === undefined ? [] : [text(STATUS.index, STATUS.type, pidinst.instrumentStatus)]),
    ...kernel('AlternateIdentifier', pidinst.alternateIdentifiers?.map((a) => ({
      AlternateIdentifier: {
        alternateIdentifierValue: a.alternateIdentifier,
        alternateIdentifierType: a.alternateIdentifierType,
        ...(a.alternateIdentifierName === undefined ? {} : { alternateIdentifierName: a.alternateIdentifierName }),
      },
    }))),
    ...kernel('RelatedIdentifier', pidinst.relatedIdentifiers?.map((r) => ({
      RelatedIdentifier: {
        relatedIdentifierValue: r.relatedIdentifier,
        relatedIdentifierType: r.relatedIdentifierType,
        relationType: r.relationType,
        ...(r.relatedIdentifierName === undefined ? {} : { relatedIdentifierName: r.relatedIdentifierName }),
      },
    }))),
  ];
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: 'text', isArray: (name) => ['title', 'relatedIdentifier'].includes(name) });

/**
 * A configuration's descriptive values, read from its DataCite XML (the document has no PIDINST
 * record: a configuration is not an instrument): its title as Name, its landing page, and its
 * related identifiers (the instance it is a version of, its previous and next versions).
 */
function configurationValues(xml: string | undefined, url: string): HandleValue[] {
  const resource = (xml === undefined ? undefined : (xmlParser.parse(xml) as { resource?: unknown }).resource) as
    | { titles?: { title?: (string | { text?: string })[] }; relatedIdentifiers?: { relatedIdentifier?: { text?: unknown; relatedIdentifierType?: string; relationType?: string }[] } }
    | undefined;
  const first = resource?.titles?.title?.[0];
  const title = typeof first === 'string' ? first : first?.text;
  return [
    ...kernel('LandingPage', url),
    ...kernel('Name', title),
    ...kernel('RelatedIdentifier', (resource?.relatedIdentifiers?.relatedIdentifier ?? []).map((r) => ({
      RelatedIdentifier: { relatedIdentifierValue: String(r.text), relatedIdentifierType: r.relatedIdentifierType, relationType: r.relationType },
    }))),
  ];
}

/** `index:handle` of an identity such as `300:21.T11998/ADMIN`, or undefined for a plain user name (ePIC). */
function adminOf(user: string): { index: number; handle: string } | undefined {
  const match = /^(\d+):(.+\/.+)$/.exec(user);
  return match === null ? undefined : { index: Number(match[1]), handle: match[2] ?? '' };
}

/** The server's own message (`message`, else the Handle.Net `responseCode`). */
function errorDetail(json: unknown): string {
  const body = json as { responseCode?: unknown; message?: unknown } | undefined;
  const code = typeof body?.responseCode === 'number' ? `responseCode ${body.responseCode}` : '';
  const message = typeof body?.message === 'string' ? body.message : '';
  return [message, code].filter((part) => part !== '').join(' — ');
}

/**
 * Registers handles with a Handle.Net (v9) or ePIC server through its HTTP JSON REST API:
 * `PUT {api}/api/handles/{prefix}/{suffix}?overwrite=true` with the whole value list (URL at index
 * 1, the PIDINST kernel values of an instance, HS_ADMIN at 100 when the user is a handle identity),
 * which is idempotent; `GET` for lookups. HTTP Basic: the user is the handle identity
 * (`300:21.T11998/ADMIN`) percent-encoded, as the Handle.Net manual asks, since it holds `:`.
 * A handle has no draft: it resolves once created, so every push answers `findable`; a withdrawn
 * record keeps its URL (the tombstone landing page) and gains a DESC value saying so.
 * @example
 * ```ts
 * const handles = new HandleProvider(config.minting.handle, { timeoutMs: 10_000 });
 * await handles.push({ id: '21.T11998/phd-abcd-1234', url, kind: 'instance', withdrawn: false, pidinst }, 'draft');
 * ```
 */
export class HandleProvider implements PidProvider {
  public readonly name = 'handle' as const;
  public readonly prefix: string;
  private readonly api: string;
  private readonly authorization: string;
  private readonly admin: { index: number; handle: string } | undefined;
  private readonly timeoutMs: number;

  /**
   * @param account - the server: API base URL, prefix, user, password.
   * @param options - the time limit of each request.
   */
  public constructor(account: HandleAccount, options: HandleProviderOptions) {
    this.prefix = account.prefix;
    this.api = account.api.replace(/\/+$/, '');
    this.authorization = basicAuthorization(encodeURIComponent(account.user), account.password);
    this.admin = adminOf(account.user);
    this.timeoutMs = options.timeoutMs;
  }

  /**
   * The values registered for a document: what {@link push} sends.
   * @param document - the record's document.
   * @param target - the target state (`hidden` adds the withdrawal notice).
   * @returns the value list.
   */
  public values(document: PidDocument, target: TargetState): HandleValue[] {
    const described = document.pidinst === undefined ? configurationValues(document.dataciteXml, document.url) : instanceValues(document.pidinst, document.url);
    return [
      text(URL_INDEX, 'URL', document.url),
      ...described,
      ...(target === 'hidden' || document.withdrawn
        ? [text(WITHDRAWN_INDEX, 'DESC', `Withdrawn: this ${document.kind === 'instance' ? 'instrument' : 'hardware configuration'} record was withdrawn; the URL is its tombstone page.`)]
        : []),
      ...(this.admin === undefined ? [] : [{ index: ADMIN_INDEX, type: 'HS_ADMIN', data: { format: 'admin' as const, value: { handle: this.admin.handle, index: this.admin.index, permissions: ADMIN_PERMISSIONS } } }]),
    ];
  }

  /**
   * What the server holds for a handle.
   * @param id - `prefix/suffix`.
   * @param signal - aborts the request.
   * @returns `findable` and its URL, or undefined when the server does not know it.
   * @throws ProviderError when the server does not answer or refuses.
   */
  public async lookup(id: string, signal?: AbortSignal): Promise<{ readonly state: 'findable'; readonly url: string } | undefined> {
    const values = await this.held(id, signal);
    if (values === undefined) return undefined;
    const url = values.find((v) => v.type === 'URL')?.data.value;
    return { state: 'findable', url: typeof url === 'string' ? url : '' };
  }

  /**
   * Creates or replaces the handle's values (see {@link PidProvider.push}).
   * @param document - the landing page and metadata.
   * @param target - draft and findable alike make a resolving handle; hidden adds the withdrawal notice.
   * @param signal - aborts the request.
   * @returns `findable`: a handle resolves once it exists.
   * @throws ProviderError — retryable for time-outs, lost connections, 429 and 5xx.
   */
  public async push(document: PidDocument, target: TargetState, signal?: AbortSignal): Promise<PushResult> {
    const values = this.values(document, target);
    // A withdrawn record has no metadata left to describe it: the values registered before stay,
    // with the URL (its tombstone page) and the withdrawal notice written over them.
    const kept = document.withdrawn ? (await this.held(document.id, signal) ?? []).filter((v) => !values.some((own) => own.index === v.index)) : [];
    const request = this.request('PUT', this.checked(document.id), signal, { values: [...values, ...kept].sort((a, b) => a.index - b.index) });
    const answer = await providerRequest('handle', request);
    const code = (answer.json as { responseCode?: unknown } | undefined)?.responseCode;
    if ((answer.status !== 200 && answer.status !== 201) || code !== 1) throw providerFailure('handle', request, answer, errorDetail(answer.json));
    return { state: 'findable' };
  }

  /** The values the server holds for a handle, or undefined when it does not know it. */
  private async held(id: string, signal: AbortSignal | undefined): Promise<HandleValue[] | undefined> {
    const request = this.request('GET', this.checked(id), signal);
    const answer = await providerRequest('handle', request);
    const body = answer.json as { responseCode?: unknown; values?: unknown } | undefined;
    if (answer.status === 404 || body?.responseCode === 100) return undefined;
    if (answer.status !== 200 || body?.responseCode !== 1) throw providerFailure('handle', request, answer, errorDetail(answer.json));
    return Array.isArray(body.values) ? (body.values as HandleValue[]) : [];
  }

  /** `{api}/api/handles/{prefix}/{suffix}` (each part percent-encoded); refused locally outside the prefix. */
  private checked(id: string): string {
    const slash = id.indexOf('/');
    const prefix = id.slice(0, slash);
    const suffix = id.slice(slash + 1);
    if (slash < 0 || suffix === '' || prefix.toUpperCase() !== this.prefix.toUpperCase()) {
      throw new ProviderError('handle', `${id} is not a handle under the prefix ${this.prefix} of this handle server: it cannot be registered with it.`, { retryable: false });
    }
    return `${this.api}/api/handles/${encodeURIComponent(prefix)}/${suffix.split('/').map(encodeURIComponent).join('/')}`;
  }

  private request(method: ProviderRequest['method'], url: string, signal: AbortSignal | undefined, body?: object): ProviderRequest {
    return {
      method,
      url: method === 'PUT' ? `${url}?overwrite=true` : url,
      headers: { accept: 'application/json', authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: this.timeoutMs,
      signal,
    };
  }
}
