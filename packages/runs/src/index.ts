export { OutputError } from './output-error.js';
export { toCsv, toResultsFile } from './results-file.js';
export type { MethodResult, ResultsFile } from './results-file.js';
export { comparisonPlot, ensureWritableDir, saveSession } from './save-session.js';
