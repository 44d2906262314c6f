import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@hig-lab/core';
import { bandPlotSvg, colorFor, svgToPng } from '@hig-lab/plot';
import type { BandSeries } from '@hig-lab/plot';
import type { Band, StudySummary } from './study-summary.js';

/**
 * Writes summary.json (everything summarizeStudy found), summary.csv (the bands, one row per
 * group and grid time), study.svg and study.png (the bands) into `dir`, each atomically.
 * Returns the paths.
 */
export function writeStudyFiles(summary: StudySummary, dir: string, title = ''): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['summary.json', JSON.stringify(summary, null, 2) + '\n'],
    ['summary.csv', summaryCsv(summary)],
  ];
  const svg = studyFigure(summary, title);
  files.push(['study.svg', svg], ['study.png', svgToPng(svg)]);
  return files.map(([name, data]) => {
    const path = join(dir, name);
    writeFileAtomic(path, data);
    return path;
  });
}

/** One row per group and grid time: group,method,time,train_median,train_q25,train_q75,test_median,test_q25,test_q75. */
export function summaryCsv(summary: StudySummary): string {
  const rows = ['group,method,time,train_median,train_q25,train_q75,test_median,test_q25,test_q75'];
  for (const g of summary.groups) {
    const { time, train, test } = g.curves;
    time.forEach((t, i) => rows.push([csvText(g.label), g.method, t, ...at(train, i), ...at(test, i)].join(',')));
  }
  return rows.join('\n') + '\n';
}

/** Train loss as a median line with its interquartile band, test loss dashed, one colour per group. */
export function studyFigure(summary: StudySummary, title: string): string {
  const methodsSeen = new Map<string, number>();
  let extra = 0;
  const series: BandSeries[] = summary.groups.flatMap((g) => {
    const seen = methodsSeen.get(g.method) ?? 0;
    methodsSeen.set(g.method, seen + 1);
    // The method's colour for its first setting, other colours for further ones.
    const color = seen === 0 ? colorFor(g.method, 0) : colorFor(`setting ${extra}`, extra++);
    const { time, train, test } = g.curves;
    return [
      { name: g.label, color, points: time.map((x, i) => ({ x, y: train.median[i] as number, lower: train.q25[i], upper: train.q75[i] })) },
      { name: `${g.label} (test)`, color, dashed: true, legend: false, points: time.map((x, i) => ({ x, y: test.median[i] as number })) },
    ];
  });
  const shared = Object.entries(summary.common).map(([name, value]) => `${name}=${value}`).join(' ');
  const heading = `${[title, shared].filter(Boolean).join(' ')}${title || shared ? ': ' : ''}median over seeds, band: IQR`;
  return bandPlotSvg(series, { title: heading, xLabel: 'Training time [s]', yLabel: 'Loss (train solid, test dashed)' });
}

function at(band: Band, i: number): number[] {
  return [band.median[i] as number, band.q25[i] as number, band.q75[i] as number];
}

function csvText(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
