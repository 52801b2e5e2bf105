import { raw } from './html.js';
import type { Html } from './html.js';

/**
 * Serializes a value as JSON for a `<script type="application/ld+json">` element. `</` becomes
 * `<\/` (the same JSON string) so no `</script>` inside a value can close the element, and `<!--`
 * becomes `\u003c!--` so no value can switch the HTML parser into its escaped script states. The
 * script element's content is raw text, not escaped markup: this is its one escaping.
 * @param value - a JSON-serializable value.
 * @returns JSON text that is safe inside a script element, as markup.
 */
export function jsonForScript(value: unknown): Html {
  return raw((JSON.stringify(value, null, 2) ?? 'null')
    .replace(/<\//g, '<\\/')
    .replace(/<!--/g, '\\u003c!--')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029'));
}
