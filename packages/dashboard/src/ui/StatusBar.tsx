import { Text } from 'ink';
import { fit } from './format.js';
import type { Notice } from './use-controls.js';

export interface StatusBarProps {
  readonly notice: Notice | null;
  /** Number of methods, for the "1-3 toggle" hint. */
  readonly methodCount: number;
  readonly width: number;
}

const TONES: Readonly<Record<Notice['tone'], string>> = { info: 'yellow', success: 'green', error: 'red' };

/** The keys, or the latest notice (saved files, errors) in their place. */
export function StatusBar({ notice, methodCount, width }: StatusBarProps) {
  if (notice) return <Text color={TONES[notice.tone]}>{fit(notice.text, width)}</Text>;
  return <Text color="gray">{fit(keyHelp(methodCount), width)}</Text>;
}

export function keyHelp(methodCount: number): string {
  const toggle = methodCount > 1 ? `1-${methodCount}` : '1';
  return `space pause  ${toggle} toggle  e experiment  r restart  s save  q quit  ? help`;
}
