export type { RunSpec } from '@hig-lab/runs';
