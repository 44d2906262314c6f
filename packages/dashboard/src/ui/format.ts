import type { MethodConfig } from '@hig-lab/core';
import { cutPoint } from './text-line.js';

/** Shown where a number is missing (no record yet, milestone not reached). */
export const DASH = '–';

/** A loss as "1.2e-4": one exponent style for every magnitude so that columns line up. */
export function formatLoss(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toExponential(1).replace('e+', 'e');
}

/** Seconds in at most five characters: "2.1s", "14s", "123s", "17m", "2.5h". */
export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value < 9.95) return `${value.toFixed(1)}s`;
  if (value < 999.5) return `${Math.round(value)}s`;
  if (value < 5999.5) return `${Math.round(value / 60)}m`;
  return `${(value / 3600).toFixed(1)}h`;
}

/** A wall clock as "0:07", "12:03" or "1:02:03". */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A parameter value compactly: "0.2", "24", "1e-3", "2.5e-10". */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude < 0.1 || magnitude >= 1e5)) {
    const [mantissa = '', exponent = '0'] = value.toExponential(3).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(4)));
}

/** "n=2 k=0.2 alpha=0": physical parameters in one line. */
export function formatParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(' ');
}

/** "B=32 lr=1 rc=1e-10 β=0.5": the hyperparameters a panel shows, optional ones when present. */
export function formatHyper(config: MethodConfig): string {
  return hyperFields(config).join(' ');
}

/** The fields of `formatHyper`, each of which is shown whole or not at all. */
export function hyperFields(config: MethodConfig): string[] {
  const parts = [`B=${config.batchSize}`, `lr=${formatValue(config.learningRate)}`];
  if (config.rcond !== undefined) parts.push(`rc=${formatValue(config.rcond)}`);
  if (config.beta !== undefined) parts.push(`β=${formatValue(config.beta)}`);
  return parts;
}

/**
 * `fields` joined by spaces into lines of at most `width` characters, at most `maxLines` of
 * them; what does not fit in those is cut from the last line as `fit` cuts (whole fields first).
 */
export function wrapFields(fields: readonly string[], width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const field of fields) {
    const last = lines.at(-1);
    if (last !== undefined && (last.length + 1 + field.length <= width || lines.length === maxLines)) lines[lines.length - 1] = `${last} ${field}`;
    else lines.push(field);
  }
  return lines.map((line) => fit(line, width).trimEnd());
}

/** `text` cut (ending in '…', see `cutPoint`) or padded with spaces to exactly `width` characters. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const { keep, suffix } = cutPoint(text, width);
  return (text.slice(0, keep) + suffix).padEnd(width);
}
