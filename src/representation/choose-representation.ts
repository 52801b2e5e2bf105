import { NotAcceptableError } from '../errors/index.js';
import { MEDIA_TYPES, mediaTypeFor } from './media-types.js';
import type { MediaTypeId } from './media-types.js';
import { negotiate } from './negotiate.js';

/**
 * Chooses one of the offered representations for an Accept header with {@link negotiate}. Aliases
 * count (`application/json` gets JSON-LD where JSON-LD is offered), but after every canonical media
 * type, so that an exact match beats an alias at equal q and specificity.
 *
 * @param accept - the Accept header.
 * @param offered - the representations that can be produced, preferred first.
 * @returns the chosen id, or undefined when none is acceptable.
 * @example
 * chooseRepresentation('application/json', ['turtle', 'json-ld']); // 'json-ld'
 */
export function chooseRepresentation<Id extends MediaTypeId>(accept: string | undefined, offered: readonly Id[]): Id | undefined {
  const offers = [
    ...offered.map((id) => ({ id, mediaType: mediaTypeFor(id) })),
    ...offered.flatMap((id) => (MEDIA_TYPES[id].aliases as readonly string[]).map((mediaType) => ({ id, mediaType }))),
  ];
  const chosen = negotiate(accept, offers.map((o) => o.mediaType));
  return offers.find((o) => o.mediaType === chosen)?.id;
}

/**
 * The 406 for a request none of the offered representations satisfies.
 * @param message - what is served (the reader's next step).
 * @param offered - the representations offered; their media types are listed in `available`.
 * @returns the error, to throw.
 */
export function notAcceptable(message: string, offered: readonly MediaTypeId[]): NotAcceptableError {
  return new NotAcceptableError(message, [...new Set(offered.map(mediaTypeFor))]);
}
