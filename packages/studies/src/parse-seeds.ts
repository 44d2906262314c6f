import { SweepError } from './sweep-error.js';

/** A range may not expand to more seeds than this (the grid limit applies after). */
const MAX_RANGE = 1_000_000;
/** Seeds are 32-bit, as `hig run --seed` takes them; larger ones would alias smaller ones. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Seeds from a list and ranges, as `--seeds` takes them: `1,2,5`, `1..5`, `1..3,10`. Ranges
 * include both ends. Rejects, naming the item: anything that is not an integer from 0 to
 * 2^32 − 1 or a range of them, a range that runs backwards, a seed given twice, and an empty list.
 */
export function parseSeeds(text: string, flag = '--seeds'): number[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) throw new SweepError(flag, 'no seeds given; write a list (1,2,5) or a range (1..5)');
  const seeds: number[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    for (const seed of expandItem(item, flag)) {
      if (seen.has(seed)) throw new SweepError(flag, `seed ${seed} is given twice in '${text}'`);
      seen.add(seed);
      seeds.push(seed);
    }
  }
  return seeds;
}

function expandItem(item: string, flag: string): number[] {
  const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(item);
  if (!range) return [seedValue(item, flag)];
  const from = seedValue(range[1] ?? '', flag);
  const to = seedValue(range[2] ?? '', flag);
  if (to < from) throw new SweepError(flag, `range '${item}' runs backwards; write ${to}..${from}`);
  if (to - from + 1 > MAX_RANGE) throw new SweepError(flag, `range '${item}' has ${to - from + 1} seeds; at most ${MAX_RANGE}`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function seedValue(item: string, flag: string): number {
  const value = /^\d+$/.test(item) ? Number(item) : NaN;
  if (!(value <= MAX_SEED)) throw new SweepError(flag, `'${item}' is not a seed from 0 to ${MAX_SEED} or a range such as 1..5`);
  return value;
}
