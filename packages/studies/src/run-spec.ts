import type { MethodName } from '@hig-lab/core';

/** What defines a run, as @hig-lab/runs trains it (JSON-serialisable). */
export interface RunSpec {
  readonly experiment: string;
  readonly methods: readonly MethodName[];
  readonly seed: number;
  readonly set: Readonly<Record<string, string>>;
  readonly budget: { readonly maxTime?: number; readonly maxEpochs?: number; readonly targetLoss?: number };
  readonly route?: 'gram' | 'svd';
  readonly initFrom?: string;
}
