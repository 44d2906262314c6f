import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Line, Run } from './text-line.js';

export interface TextLinesProps {
  readonly lines: readonly Line[];
  /** The lines' width: the box keeps it while trailing blanks are left out. */
  readonly width: number;
}

/**
 * Draws prepared lines run by run; the builders already fixed their widths. Trailing blanks are
 * not sent to Ink (which handles every character of every frame), the box width keeps them.
 */
export const TextLines = memo(function TextLines({ lines, width }: TextLinesProps) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {lines.map((line, i) => {
        const runs = withoutTrailingBlanks(line);
        // An empty Text would take no row.
        if (runs.length === 0) return <Text key={i}> </Text>;
        return (
          <Text key={i}>
            {runs.map((run, j) => (
              <Text key={j} color={run.color} backgroundColor={run.background} dimColor={run.dim} bold={run.bold}>
                {run.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
});

function withoutTrailingBlanks(line: Line): Run[] {
  const runs = [...line];
  while (runs.length > 0) {
    const last = runs[runs.length - 1];
    if (!last) break;
    const text = last.text.trimEnd();
    if (text.length > 0) {
      runs[runs.length - 1] = { ...last, text };
      break;
    }
    runs.pop();
  }
  return runs;
}
