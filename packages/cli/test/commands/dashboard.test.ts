import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@hig-lab/runs';
import { openDashboard } from '../../src/commands/dashboard.js';
import { parseTrainOptions } from '../../src/commands/options.js';
import type { RawTrainOptions, TrainOptions } from '../../src/commands/options.js';
import { fakeIo } from '../../../dashboard/test/fake-terminal.js';
import { registry, waitFor } from '../../../dashboard/test/ui/fixtures.js';

/** `hig dashboard --experiment cart` with the given flags, as the CLI parses them. */
function dashboardFlags(raw: Partial<RawTrainOptions>, out = '/tmp/out'): TrainOptions {
  return parseTrainOptions({ experiment: 'cart', seed: '7', set: [], maxTime: '60', out, ...raw }, registry, 'all');
}

describe('openDashboard', () => {
  it.each([
    [{ set: ['mass=heavy'] }, "--set: parameter 'mass' must be a finite number, got 'heavy'"],
    [{ methods: 'GD,SIP' }, "--methods: experiment 'cart' cannot run method 'SIP'; it has GD, HIG, GN"],
  ])('rejects %j as the other commands do, before touching the terminal', async (raw, message) => {
    const { io, stdin, stdout } = fakeIo();
    const error = await openDashboard(dashboardFlags(raw), registry, 'cpu', io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    expect(stdout.output).toBe('');
    expect(stdin.rawMode).toBe(false);
  });

  it('trains every method the experiment configures when none is named, and saves into --out on q', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hig-dashboard-'));
    const { io, stdin, stdout } = fakeIo();
    const done = openDashboard(dashboardFlags({}, out), registry, 'cpu', io);
    try {
      await waitFor(() => stdout.output.includes('2 HIG') && /ep [1-9]/.test(stdout.output), 'both methods training');
      expect(stdout.output).toContain('1 GD');
    } finally {
      stdin.type('q');
    }
    expect(await done).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(Object.keys(results.methods)).toEqual(['GD', 'HIG']);
    expect(stdout.output).toContain(`saved to ${out}:\n`);
  });
});
