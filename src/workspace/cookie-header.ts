/**
 * Reads a `Cookie` request header (RFC 6265 §4.2: `name=value` pairs separated by `; `). The first
 * occurrence of a name wins, as browsers send the most specific cookie first; a value in double
 * quotes is unquoted; a malformed pair or a value that does not percent-decode is skipped, never fatal.
 * @param header - the header as received, or undefined.
 * @returns cookie name → value.
 * @example
 * parseCookieHeader('phd_session=abc; theme="dark"').get('theme') // 'dark'
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (name === '' || cookies.has(name)) continue;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // A value that is not valid percent-encoding is someone else's cookie or garbage: ignore it.
    }
  }
  return cookies;
}
