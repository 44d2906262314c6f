import { Box, Text } from 'ink';
import type { ExperimentDefinition } from '@hig-lab/core';

export interface ExperimentPickerProps {
  readonly experiments: readonly ExperimentDefinition[];
  readonly selected: number;
  readonly current: string;
  readonly width: number;
  readonly height: number;
}

/** The registered experiments; ↑ ↓ choose, enter starts the chosen one with its defaults. */
export function ExperimentPicker({ experiments, selected, current, width, height }: ExperimentPickerProps) {
  const chosen = experiments[selected];
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Text bold>Experiment (↑ ↓ enter; esc: cancel)</Text>
      {experiments.map((def, i) => (
        <Text key={def.name} wrap="truncate" color={i === selected ? 'cyan' : undefined} bold={i === selected}>
          {i === selected ? '› ' : '  '}
          {def.name}
          {def.name === current ? ' (running)' : ''}
          <Text color="gray"> {def.title}</Text>
        </Text>
      ))}
      {chosen ? (
        <Text color="gray" wrap="wrap">
          {chosen.description}
        </Text>
      ) : null}
    </Box>
  );
}
