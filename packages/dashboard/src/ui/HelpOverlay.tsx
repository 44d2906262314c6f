import { Box, Text } from 'ink';

export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
}

const KEYS: readonly (readonly [string, string])[] = [
  ['space', 'pause / resume training (all clocks stop)'],
  ['1-4', 'switch the n-th method off / on (hides its curve)'],
  ['e', 'pick another experiment (↑ ↓ enter, esc cancels)'],
  ['r', 'restart the current experiment'],
  ['s', 'save results, plots and controllers'],
  ['q', 'stop, save and quit (ctrl-c too; twice: no save)'],
  ['?', 'show / hide this help'],
];

const PANELS: readonly string[] = [
  'Plot: train loss (log) against each method’s own training time.',
  'Trajectory: test sample 0 under each controller (colours as in',
  '  the legend), grey: no control, dashed: the target the final',
  '  state should reach; the numbers are each plot’s top and bottom.',
  'Panels: batch size B, learning rate lr, rcond rc, β; epoch and',
  '  batch progress; training time; last train/test and best loss;',
  '  training time at which the loss first reached 1e-3, 1e-5, 1e-7.',
  'Status: running, waiting (its turn), paused, done (budget used),',
  '  diverged (weights of the last good epoch kept), failed (an',
  '  error; the others go on), stopped, off.',
];

/** What the keys do and how to read the panels; it takes the place of plot and panels. */
export function HelpOverlay({ width, height }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="gray" paddingX={1} overflow="hidden">
      <Text bold>Keys</Text>
      {KEYS.map(([key, text]) => (
        <Text key={key} wrap="truncate">
          <Text color="cyan">{key.padEnd(7)}</Text>
          {text}
        </Text>
      ))}
      <Text bold>Reading the screen</Text>
      {PANELS.map((text) => (
        <Text key={text} wrap="truncate">
          {text}
        </Text>
      ))}
    </Box>
  );
}
