/**
 * A date and time as OME writers spell it. xsd:dateTime is what the schema asks for; writers also
 * put a space for the `T`, leave out the seconds or the time, write the offset without a colon,
 * and pad the element with whitespace and line breaks (Nikon NIS-Elements).
 */
const LOOSE_DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads an acquisition date into xsd:dateTime (or xsd:date when the writer gave no time), checking
 * that the day and time exist: `2021-02-30` is not a date, whatever its shape.
 * @param raw - the element's text, trimmed.
 * @returns the normalised lexical form, or undefined when it is not a date.
 */
export function normaliseOmeDateTime(raw: string): string | undefined {
  const match = LOOSE_DATE_TIME.exec(raw.trim());
  if (match === null) return undefined;
  const [, year = '', month = '', day = '', hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  // Day 0 of the next month is the last day of this one; years before 100 need setUTCFullYear.
  const last = new Date(Date.UTC(2000, m, 0));
  last.setUTCFullYear(y, m, 0);
  if (m < 1 || m > 12 || d < 1 || d > last.getUTCDate()) return undefined;
  const date = `${year}-${month}-${day}`;
  if (hour === undefined || minute === undefined) return date;
  const seconds = second ?? '00';
  // xsd:dateTime allows 24:00:00 (the end of the day) and nothing past 23:59:59 otherwise.
  const endOfDay = hour === '24' && minute === '00' && seconds === '00' && (fraction === undefined || /^\.0+$/.test(fraction));
  if (!endOfDay && (Number(hour) > 23 || Number(minute) > 59 || Number(seconds) > 59)) return undefined;
  let offset = zone === undefined ? '' : zone.toUpperCase();
  if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  if (offset !== '' && offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4, 6)) > 59)) return undefined;
  return `${date}T${hour}:${minute}:${seconds}${fraction ?? ''}${offset}`;
}
