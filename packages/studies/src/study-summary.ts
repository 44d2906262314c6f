import { METHOD_NAMES } from '@hig-lab/core';
import type { MethodName } from '@hig-lab/core';
import { canonicalJson } from './canonical-json.js';
import { lossAt } from './loss-at.js';
import { quantile } from './quantile.js';
import type { FailedRun, MethodCurve } from './study-runs.js';

/** Loss levels whose first crossing is tabulated. */
export const TARGETS = [1e-3, 1e-5, 1e-7] as const;

/** Median and interquartile range over seeds. */
export interface Spread {
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
}

/** Median and IQR band at each time of a grid. */
export interface Band {
  readonly median: readonly number[];
  readonly q25: readonly number[];
  readonly q75: readonly number[];
}

export interface TimeToTarget {
  readonly level: number;
  /** Median training time over all seeds, counting a seed that never got there as never; null when half or more never did. */
  readonly median: number | null;
  readonly reached: number;
  readonly of: number;
}

/** One method and setting (from one source folder): statistics over its seeds. */
export interface GroupSummary {
  readonly label: string;
  readonly source: string;
  readonly method: MethodName;
  readonly set: Readonly<Record<string, string>>;
  readonly runIds: readonly string[];
  readonly seeds: readonly number[];
  /** Runs that diverged (status 'diverged'), included with their last good loss. */
  readonly diverged: number;
  /** Runs recorded as failed: no curve. */
  readonly failed: number;
  readonly failures: readonly string[];
  readonly epochs: number | null;
  readonly final: { readonly train: Spread; readonly test: Spread } | null;
  readonly curves: { readonly time: readonly number[]; readonly train: Band; readonly test: Band };
  readonly timeToTarget: readonly TimeToTarget[];
}

export interface StudySummary {
  readonly sources: readonly string[];
  /** `--set` values every group shares (left out of the labels). */
  readonly common: Readonly<Record<string, string>>;
  readonly gridPoints: number;
  readonly groups: readonly GroupSummary[];
}

/**
 * Groups curves by source folder, method and setting (and budget, route, warm start), and
 * takes over each group's seeds: median and interquartile band of train and test loss on a
 * common grid of `points` training times from 0 to the longest run's end (each seed's loss at a
 * time is that of its last evaluation by then, see lossAt); the final losses; and the training
 * time to each of TARGETS.
 */
export function summarizeStudy(curves: readonly MethodCurve[], failed: readonly FailedRun[] = [], points = 200): StudySummary {
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`summarizeStudy: points must be an integer >= 2, got ${points}`);
  const groups = new Map<string, { curves: MethodCurve[]; failed: FailedRun[]; first: MethodCurve | FailedRun }>();
  const add = (item: MethodCurve | FailedRun, into: 'curves' | 'failed'): void => {
    const key = canonicalJson([item.source, item.method, { ...item.set }, item.rest]);
    const group = groups.get(key) ?? { curves: [], failed: [], first: item };
    if (into === 'curves') group.curves.push(item as MethodCurve);
    else group.failed.push(item as FailedRun);
    groups.set(key, group);
  };
  for (const c of curves) add(c, 'curves');
  for (const f of failed) add(f, 'failed');
  const sources = [...new Set([...curves, ...failed].map((c) => c.source))];
  const common = commonSettings([...groups.values()].map((g) => g.first.set));
  const summaries = [...groups.values()].map((g) => summarizeGroup(g.first, g.curves, g.failed, points, { withSource: sources.length > 1, common }));
  summaries.sort((a, b) => compareGroups(a, b, sources));
  return { sources, common, gridPoints: points, groups: summaries };
}

function summarizeGroup(
  first: MethodCurve | FailedRun, curves: readonly MethodCurve[], failed: readonly FailedRun[], points: number,
  labelling: { readonly withSource: boolean; readonly common: Readonly<Record<string, string>> },
): GroupSummary {
  const end = Math.max(0, ...curves.map((c) => c.epochs.at(-1)?.time ?? 0));
  const time = Array.from({ length: points }, (_, i) => (end * i) / (points - 1));
  const lasts = curves.map((c) => c.epochs.at(-1)).filter((r) => r !== undefined);
  return {
    label: groupLabel(first, labelling.withSource, labelling.common),
    source: first.source,
    method: first.method,
    set: first.set,
    runIds: curves.map((c) => c.runId),
    seeds: curves.map((c) => c.seed),
    diverged: curves.filter((c) => c.status === 'diverged').length,
    failed: failed.length,
    failures: failed.map((f) => `${f.runId}: ${f.message}`),
    epochs: lasts.length === 0 ? null : quantile(curves.map(epochsTrained), 0.5),
    final: lasts.length === 0 ? null : { train: spread(lasts.map((r) => r.trainLoss)), test: spread(lasts.map((r) => r.testLoss)) },
    curves: { time, train: band(curves, time, 'trainLoss'), test: band(curves, time, 'testLoss') },
    timeToTarget: TARGETS.map((level) => timeToTarget(curves, level)),
  };
}

/** A run's epochs: the epoch of its last evaluation (older results without epoch numbers: its evaluations after the first). */
function epochsTrained(curve: MethodCurve): number {
  return curve.epochs.at(-1)?.epoch ?? Math.max(0, curve.epochs.length - 1);
}

function band(curves: readonly MethodCurve[], time: readonly number[], key: 'trainLoss' | 'testLoss'): Band {
  const at = time.map((t) => spread(curves.map((c) => lossAt(c.epochs, t, key))));
  return { median: at.map((s) => s.median), q25: at.map((s) => s.q25), q75: at.map((s) => s.q75) };
}

/** Median and quartiles of the finite values (NaN where there are none). */
function spread(values: readonly number[]): Spread {
  const finite = values.filter((v) => !Number.isNaN(v));
  return { median: quantile(finite, 0.5), q25: quantile(finite, 0.25), q75: quantile(finite, 0.75) };
}

function timeToTarget(curves: readonly MethodCurve[], level: number): TimeToTarget {
  const times = curves.map((c) => c.epochs.find((r) => r.trainLoss <= level)?.time ?? Infinity);
  const median = quantile(times, 0.5);
  return { level, median: Number.isFinite(median) ? median : null, reached: times.filter(Number.isFinite).length, of: curves.length };
}

/**
 * `HIG learningRate=0.25`: the method and the values that set it apart (a method's own
 * parameters without their prefix, values all groups share left out), led by the source folder
 * in overlays.
 */
function groupLabel(item: MethodCurve | FailedRun, withSource: boolean, common: Readonly<Record<string, string>>): string {
  const own = `${item.method}.`;
  const setting = Object.entries(item.set)
    .filter(([name, value]) => common[name] !== value)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name.startsWith(own) ? name.slice(own.length) : name}=${value}`);
  return [withSource ? `${item.source}:` : '', item.method, ...setting].filter(Boolean).join(' ');
}

/** The name=value pairs present, with the same value, in every setting (none for a single group, whose label then shows all). */
function commonSettings(sets: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  if (sets.length < 2) return {};
  const [first, ...rest] = sets as [Readonly<Record<string, string>>, ...Readonly<Record<string, string>>[]];
  return Object.fromEntries(Object.entries(first).filter(([name, value]) => rest.every((s) => s[name] === value)));
}

function compareGroups(a: GroupSummary, b: GroupSummary, sources: readonly string[]): number {
  return (
    sources.indexOf(a.source) - sources.indexOf(b.source) ||
    METHOD_NAMES.indexOf(a.method) - METHOD_NAMES.indexOf(b.method) ||
    compareSettings(a.set, b.set)
  );
}

/** Settings in order of their parameters' names, then of their values as numbers. */
function compareSettings(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): number {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const name of names) {
    if (a[name] === undefined || b[name] === undefined) return a[name] === undefined ? -1 : 1;
    const diff = Number(a[name]) - Number(b[name]);
    if (diff !== 0) return diff;
  }
  return 0;
}
