/** A stretch of text in one style; views build lines of runs and a component draws them. */
export interface Run {
  readonly text: string;
  readonly color?: string;
  /** Background colour (heat maps draw two values per cell with a half-block). */
  readonly background?: string;
  readonly dim?: boolean;
  readonly bold?: boolean;
}

export type Line = readonly Run[];

/** The plain characters of a line, for measuring and tests. */
export function lineText(line: Line): string {
  return line.map((run) => run.text).join('');
}

/** A line of `width` spaces. */
export function blankLine(width: number): Line {
  return [{ text: ' '.repeat(Math.max(0, width)) }];
}

/** Marks text that was cut. */
export const ELLIPSIS = '…';

/**
 * How to shorten `text` to at most `width` characters: keep its first `keep` characters and
 * append `suffix`. A cut that loses only blanks needs no mark; otherwise it ends in '…', after
 * the last whole word that leaves room for " …" (so that a number such as 1e-5 is never cut in
 * half while a shorter line fits), or inside a word when whole words would keep less than half
 * the width (a long path).
 */
export function cutPoint(text: string, width: number): { keep: number; suffix: string } {
  if (text.length <= width) return { keep: text.length, suffix: '' };
  if (width <= 0) return { keep: 0, suffix: '' };
  if (text.slice(width).trim() === '') return { keep: width, suffix: '' };
  if (width === 1) return { keep: 0, suffix: ELLIPSIS };
  const words = lastWordEnd(text, width - 2);
  if (words > 0 && words * 2 >= width) return { keep: words, suffix: ` ${ELLIPSIS}` };
  return { keep: width - 1, suffix: ELLIPSIS };
}

/** The largest i ≤ limit at which a word ends (text[i-1] is not blank, text[i] is), or 0. */
function lastWordEnd(text: string, limit: number): number {
  for (let i = Math.min(limit, text.length - 1); i > 0; i--) {
    if (text[i] === ' ' && text[i - 1] !== ' ') return i;
  }
  return 0;
}

/** `line` cut (as `cutPoint` says) or padded with spaces to exactly `width` characters, so that layouts never shift. */
export function fitLine(line: Line, width: number): Line {
  const { keep, suffix } = cutPoint(lineText(line), width);
  const out: Run[] = [];
  let used = 0;
  for (const run of line) {
    if (used >= keep) break;
    const text = run.text.slice(0, keep - used);
    out.push({ ...run, text });
    used += text.length;
  }
  if (suffix) {
    const last = out.at(-1);
    out.push(last ? { ...last, text: suffix } : { text: suffix });
    used += suffix.length;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}

/**
 * `fields` joined by single spaces. When they are wider than `width`, the leading fields that
 * fit, then " …": a field (a label and its number) is shown whole or not at all. Only a first
 * field that alone is too wide is left for `fitLine` to cut.
 */
export function joinFields(fields: readonly Line[], width: number): Line {
  const join = (part: readonly Line[]): Run[] => part.flatMap((field, i) => (i === 0 ? [...field] : [{ text: ' ' }, ...field]));
  const lengths = fields.map((field) => lineText(field).length);
  if (lengths.reduce((sum, n) => sum + n, lengths.length - 1) <= width) return join(fields);
  let used = 0;
  let kept = 0;
  for (const length of lengths) {
    const next = used + (kept > 0 ? 1 : 0) + length;
    if (next + 2 > width) break;
    used = next;
    kept += 1;
  }
  return kept === 0 ? join(fields) : [...join(fields.slice(0, kept)), { text: ` ${ELLIPSIS}` }];
}

/** The first way of writing a line whose fields fit in `width`, else the last (the shortest). */
export function firstFitting(candidates: readonly (readonly Line[])[], width: number): readonly Line[] {
  const fits = (fields: readonly Line[]): boolean => fields.reduce((sum, field) => sum + lineText(field).length, fields.length - 1) <= width;
  return candidates.find(fits) ?? candidates.at(-1) ?? [];
}
