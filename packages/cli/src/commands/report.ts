import type { Command } from 'commander';
import { writeStudyReport } from '@hig-lab/studies';

/** `hig report DIR [DIR...]`: registered on `program`. */
export function registerReport(program: Command, setExit: (code: number) => void): void {
  program
    .command('report <dirs...>')
    .description('statistics over seeds of the runs in one or more study folders (overlaid): summary.json/csv, study.svg/png and a Markdown table')
    .option('--out <dir>', 'where the summary and figure go (default: the folder, or results/report for several)')
    .action((dirs: string[], raw: { out?: string }) => setExit(reportCommand(dirs, raw.out)));
}

export function reportCommand(dirs: readonly string[], outDir?: string, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  const target = outDir ?? (dirs.length === 1 ? (dirs[0] as string) : 'results/report');
  const { table, paths } = writeStudyReport(dirs, target);
  out.write(table);
  err.write(`report written: ${paths.join(', ')}\n`);
  return 0;
}
