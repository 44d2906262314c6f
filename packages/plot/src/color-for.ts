import { FALLBACK_COLORS, METHOD_COLORS } from './method-colors.js';

/**
 * Colour of a series: the method colour when the name is (or starts with) a known method
 * such as "HIG" or "SIP (lr=1e-3)", otherwise a tab10 colour picked by `index`.
 */
export function colorFor(name: string, index: number): string {
  if (!Number.isInteger(index)) throw new TypeError(`colorFor: index must be an integer, got ${index}`);
  const exact = Object.hasOwn(METHOD_COLORS, name) ? METHOD_COLORS[name] : undefined;
  if (exact !== undefined) return exact;
  const method = methodPrefix(name);
  if (method !== undefined) return METHOD_COLORS[method] ?? fallback(index);
  return fallback(index);
}

/** The known method a label starts with, matched case-insensitively up to a separator. */
function methodPrefix(name: string): string | undefined {
  const head = name.trim().split(/[\s_:(,/-]/, 1)[0]?.toLowerCase() ?? '';
  return Object.keys(METHOD_COLORS).find((key) => key.toLowerCase() === head);
}

function fallback(index: number): string {
  const n = FALLBACK_COLORS.length;
  return FALLBACK_COLORS[((index % n) + n) % n] ?? '#000000';
}
