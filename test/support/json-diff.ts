/** One difference between two JSON values, at a path such as `components[3].PositionX`. */
export interface JsonDifference {
  readonly path: string;
  /** `changed`: both have the path with other values; `missing`: only the expected value has it; `added`: only the actual one. */
  readonly kind: 'changed' | 'missing' | 'added';
  readonly expected?: unknown;
  readonly actual?: unknown;
}

function step(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}${path === '' ? '' : '.'}${key}` : `${path}[${JSON.stringify(key)}]`;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A structural diff of two JSON values: every path where they differ, down to the leaves. Object
 * key order is not a difference; array order is (element i is compared with element i), and so is
 * a value's type (`1` vs `"1"`, `null` vs absent).
 * @param expected - the value as it should be (the file imported).
 * @param actual - the value as it is (the file exported).
 * @param path - the path of the values (empty for the roots).
 * @returns the differences, empty when the values are equal.
 */
export function jsonDiff(expected: unknown, actual: unknown, path = ''): JsonDifference[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: JsonDifference[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= actual.length) out.push({ path: at, kind: 'missing', expected: expected[i] });
      else if (i >= expected.length) out.push({ path: at, kind: 'added', actual: actual[i] });
      else out.push(...jsonDiff(expected[i], actual[i], at));
    }
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    const out: JsonDifference[] = [];
    for (const key of Object.keys(expected)) {
      if (!Object.hasOwn(actual, key)) out.push({ path: step(path, key), kind: 'missing', expected: expected[key] });
      else out.push(...jsonDiff(expected[key], actual[key], step(path, key)));
    }
    for (const key of Object.keys(actual)) if (!Object.hasOwn(expected, key)) out.push({ path: step(path, key), kind: 'added', actual: actual[key] });
    return out;
  }
  return Object.is(expected, actual) || (expected === 0 && actual === 0) ? [] : [{ path, kind: 'changed', expected, actual }];
}
