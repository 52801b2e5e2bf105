const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /^<(\/?)([a-zA-Z][\w:-]*)((?:\s+[a-zA-Z_:][\w:.-]*(?:="[^"<]*")?)*)\s*(\/?)>/;

/**
 * A tiny structural check of an HTML document (no dependency): every element closes in order,
 * void and self-closed (SVG) elements excepted; attribute values are double-quoted with no raw
 * `<`; no `<` stands in text; ids are unique; no element has an event handler (`on…`) attribute;
 * script and style bodies are skipped as raw text.
 * @returns the problems found (empty when the document is well formed).
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const ids = new Set<string>();
  let rest = html.replace(/^<!doctype html>\s*/i, '');
  if (rest === html) problems.push('no <!doctype html>');
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    if (lt < 0) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      rest = rest.slice(rest.indexOf('-->') + 3);
      continue;
    }
    const match = TAG.exec(rest);
    if (match === null) {
      problems.push(`unparsable markup at: ${rest.slice(0, 60)}`);
      rest = rest.slice(1);
      continue;
    }
    const [whole, closing, rawName = '', attributes = '', selfClosing] = match;
    const name = rawName.toLowerCase();
    rest = rest.slice(whole.length);
    for (const [, attribute = '', value = ''] of attributes.matchAll(/\s([a-zA-Z_:][\w:.-]*)(?:="([^"]*)")?/g)) {
      if (/^on/i.test(attribute)) problems.push(`event handler attribute ${attribute} on <${name}>`);
      if (attribute !== 'id') continue;
      if (ids.has(value)) problems.push(`duplicate id ${value}`);
      ids.add(value);
    }
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (name === 'script' || name === 'style') {
      const end = rest.indexOf(`</${name}>`);
      if (end < 0) problems.push(`<${name}> never closes`);
      rest = rest.slice(Math.max(0, end) + name.length + 3);
    } else if (selfClosing !== '/' && !VOID.has(name)) {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}
