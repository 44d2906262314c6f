/** A value that canonicalJson can write. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/**
 * JSON with object keys sorted at every level and undefined fields left out, so that two values
 * that mean the same write the same text (and hash the same). Numbers are written as
 * JSON.stringify writes them (the shortest text that reads back to the same double; -0 as 0).
 * Non-finite numbers have no JSON form and throw a TypeError naming the path.
 */
export function canonicalJson(value: JsonValue, path = '$'): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} must be a finite number, got ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v as JsonValue, `${path}[${i}]`)).join(',')}]`;
  if (typeof value !== 'object') throw new TypeError(`canonicalJson: ${path} must be JSON data, got ${typeof value}`);
  const fields = Object.keys(value)
    .filter((key) => (value as Record<string, JsonValue | undefined>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, JsonValue>)[key] as JsonValue, `${path}.${key}`)}`);
  return `{${fields.join(',')}}`;
}
