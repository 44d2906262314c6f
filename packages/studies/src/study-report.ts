import { summaryTable } from './summary-table.js';
import { loadStudyRuns } from './study-runs.js';
import { writeStudyFiles } from './study-files.js';
import { summarizeStudy } from './study-summary.js';
import type { StudySummary } from './study-summary.js';

/**
 * `hig report DIR [DIR...]`: reads every run in the folders (several folders are overlaid, each
 * group labelled with its folder), writes the statistics and the band figure into `outDir`, and
 * returns them with the Markdown table.
 */
export function writeStudyReport(dirs: readonly string[], outDir: string): { summary: StudySummary; table: string; paths: string[] } {
  const { curves, failed } = loadStudyRuns(dirs);
  const title = [...new Set(curves.map((c) => c.experiment))].join(', ');
  const summary = summarizeStudy(curves, failed);
  const paths = writeStudyFiles(summary, outDir, title);
  return { summary, table: summaryTable(summary), paths };
}
