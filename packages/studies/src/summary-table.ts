import type { GroupSummary, Spread, StudySummary, TimeToTarget } from './study-summary.js';

/**
 * The study as a Markdown table: per method and setting, the seeds, median epochs, final train
 * and test loss (median [q25, q75]) and the time to each target level with how many seeds got
 * there; failed and diverged runs are counted in the last column. Settings all runs share
 * are said once, above the table.
 */
export function summaryTable(summary: StudySummary): string {
  const levels = summary.groups[0]?.timeToTarget.map((t) => t.level) ?? [];
  const head = ['method and setting', 'seeds', 'epochs', 'train loss [IQR]', 'test loss [IQR]', ...levels.map((l) => `time to ${formatLevel(l)}`), 'notes'];
  const align = ['---', '---:', '---:', '---:', '---:', ...levels.map(() => '---:'), '---'];
  const rows = summary.groups.map((g) => [
    g.label, String(g.seeds.length), g.epochs === null ? '–' : formatCount(g.epochs),
    spread(g.final?.train), spread(g.final?.test), ...g.timeToTarget.map(reach), notes(g),
  ]);
  const shared = Object.entries(summary.common).map(([name, value]) => `${name}=${value}`);
  const caption = shared.length > 0 ? `All runs: ${shared.join(' ')}\n\n` : '';
  return caption + [head, align, ...rows].map((cells) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`).join('\n') + '\n';
}

function spread(s: Spread | undefined): string {
  if (!s || Number.isNaN(s.median)) return '–';
  return `${loss(s.median)} [${loss(s.q25)}, ${loss(s.q75)}]`;
}

function reach(t: TimeToTarget): string {
  return `${t.median === null ? '–' : `${seconds(t.median)}`} (${t.reached}/${t.of})`;
}

function notes(g: GroupSummary): string {
  return [g.diverged > 0 ? `${g.diverged} diverged` : '', g.failed > 0 ? `${g.failed} failed` : ''].filter(Boolean).join(', ');
}

export function loss(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

export function seconds(x: number): string {
  return x < 10 ? `${x.toPrecision(3)} s` : `${x.toFixed(1)} s`;
}

function formatCount(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function formatLevel(level: number): string {
  const exponent = Math.log10(level);
  return Number.isInteger(exponent) ? `1e${exponent}` : String(level);
}
