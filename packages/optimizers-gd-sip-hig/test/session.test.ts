import { describe, expect, it } from '@jest/globals';
import type { Experiment } from '@hig-lab/core';
import { Session } from '../src/index.js';
import type { SessionEvent } from '../src/index.js';
import { smallExperiment } from './fixtures.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Session', () => {
  it('interleaves the methods, stops each at its epoch budget, and counts only its own work', async () => {
    const session = new Session({ experiment: smallExperiment(), methods: ['GD', 'SIP', 'HIG'], seed: 3, budget: { maxEpochs: 3 } });
    const order: string[] = [];
    session.subscribe((e) => void (e.type === 'epoch' && order.push(e.method.name)));
    const result = await session.run();
    for (const m of result.methods) {
      expect(m.status).toBe('done');
      expect(m.reason).toBe('reached 3 epochs');
      expect(m.epochs.map((r) => r.epoch)).toEqual([0, 1, 2, 3]);
      expect(m.epochs[0].time).toBe(0);
      m.epochs.slice(1).forEach((r, i) => expect(r.time).toBeGreaterThan(m.epochs[i].time));
    }
    // Three methods' clocks together cannot exceed the wall clock.
    expect(result.methods.reduce((t, m) => t + m.trainTime, 0)).toBeLessThan(result.wallTime);
    // The same seed gives every method the same initial weights, hence the same epoch-0 loss.
    const first = result.methods.map((m) => m.epochs[0].trainLoss);
    expect(new Set(first).size).toBe(1);
    expect(new Set(order.slice(3, 6)).size).toBe(3); // every method trains before any trains twice
  });

  it('reproduces its losses from the same seed', async () => {
    const run = async () => (await new Session({ experiment: smallExperiment(), methods: ['HIG'], seed: 9, budget: { maxEpochs: 2 } }).run()).methods[0].epochs.map((r) => r.trainLoss);
    expect(await run()).toEqual(await run());
  });

  it('stops a method at the target loss or the time budget, and says why', async () => {
    const session = new Session({ experiment: smallExperiment(), methods: ['GD', 'HIG'], seed: 1, budget: { targetLoss: 1e-2, maxTime: 0.5 } });
    const done: SessionEvent[] = [];
    session.subscribe((e) => void (e.type === 'finish' && done.push(e)));
    const result = await session.run();
    for (const m of result.methods) {
      const last = m.epochs.at(-1)!;
      expect(m.status).toBe('done');
      if (m.reason === 'reached target loss 0.01') expect(last.trainLoss).toBeLessThanOrEqual(1e-2);
      else expect([m.reason, last.time >= 0.5]).toEqual(['reached 0.5 s of training', true]);
    }
    expect(done).toHaveLength(1);
  });

  it('pauses: the clocks stand still until it resumes', async () => {
    const session = new Session({ experiment: smallExperiment({ trainSize: 512, 'HIG.batchSize': 8 }), methods: ['HIG'], seed: 2, budget: { maxEpochs: 2 }, yieldEvery: 1 });
    const finished = session.run();
    await wait(50);
    session.pause();
    const before = session.snapshots()[0];
    await wait(300);
    const after = session.snapshots()[0];
    expect(after.status).toBe('paused');
    expect(after.trainTime).toBe(before.trainTime);
    expect(after.batch).toBe(before.batch);
    session.resume();
    const result = await finished;
    expect(result.methods[0].epochs).toHaveLength(3);
  });

  it('switches a method off: it stops training while the others go on, and waits to be switched on', async () => {
    const session = new Session({ experiment: smallExperiment(), methods: ['GD', 'HIG'], seed: 2, budget: { maxEpochs: 4 } });
    session.toggle('HIG');
    const gdDone = new Promise<void>((resolve) => session.subscribe((e) => void (e.type === 'epoch' && e.method.name === 'GD' && e.method.status === 'done' && resolve())));
    const finished = session.run();
    await gdDone;
    await wait(100);
    const [gd, hig] = session.snapshots();
    expect(gd.epochs).toHaveLength(5);
    expect(hig.enabled).toBe(false);
    expect(hig.epochs).toHaveLength(1); // only its epoch-0 evaluation
    session.toggle('HIG');
    const result = await finished;
    expect(result.methods[1].epochs).toHaveLength(5);
  });

  it('marks a method diverged on a non-finite loss and keeps the last good weights', async () => {
    const base = smallExperiment();
    let calls = 0;
    // Each epoch evaluates 64 train + 64 test samples; from epoch 2 on the loss is NaN.
    const poisoned: Experiment = {
      ...base,
      loss: { ...base.loss, value: (y, t) => (calls++ >= 2 * 128 ? NaN : base.loss.value(y, t)) },
    };
    const session = new Session({ experiment: poisoned, methods: ['GD'], seed: 2, budget: { maxEpochs: 5 } });
    const result = await session.run();
    const gd = session.runs[0];
    expect(result.methods[0].status).toBe('diverged');
    expect(result.methods[0].reason).toMatch(/non-finite loss after epoch 2/);
    expect(result.methods[0].epochs).toHaveLength(2);
    expect(gd.params.every(Number.isFinite)).toBe(true);
  });

  it('marks HIG diverged when the physics blows up inside a step, instead of failing the session', async () => {
    const base = smallExperiment();
    let calls = 0;
    // The loss gradient turns NaN after the first few batches, as an exploding state would.
    const exploding: Experiment = {
      ...base,
      loss: { ...base.loss, gradient: (out, y, t) => (calls++ < 8 * 5 ? base.loss.gradient(out, y, t) : out.fill(NaN)) },
    };
    const session = new Session({ experiment: exploding, methods: ['HIG', 'GD'], seed: 2, budget: { maxEpochs: 2 } });
    const result = await session.run();
    const [hig] = result.methods;
    expect(hig.status).toBe('diverged');
    expect(hig.reason).toBe('non-finite loss gradient (the physics blew up) in epoch 1, batch 6');
    expect(session.runs[0].params.every(Number.isFinite)).toBe(true);
  });

  it('marks SIP and HIG (both routes) diverged when the physics Jacobian goes non-finite while the states stay finite', async () => {
    // Nonlinear physics, so dy/du is chained from the step Jacobians of every sample.
    const base = smallExperiment({ alpha: 1 });
    let broken = false;
    const { system } = base;
    const exploding: Experiment = {
      ...base,
      system: {
        ...system,
        stepJacobians(out, js, ju, s, u, dt) {
          system.stepJacobians(out, js, ju, s, u, dt);
          if (broken) ju.fill(NaN);
        },
      },
    };
    for (const route of ['gram', 'svd'] as const) {
      broken = false;
      const session = new Session({ experiment: exploding, methods: ['SIP', 'HIG', 'GD'], seed: 2, budget: { maxEpochs: 2 }, methodOptions: { route } });
      broken = true; // after the affine-step probes of the constructors
      const result = await session.run();
      const [sip, hig, gd] = result.methods;
      for (const m of [sip, hig]) {
        expect([m.status, m.reason]).toEqual(['diverged', 'non-finite physics Jacobian (the physics blew up) in epoch 1, batch 1']);
        expect(m.epochs).toHaveLength(1);
      }
      expect(session.runs.every((run) => run.params.every(Number.isFinite))).toBe(true);
      // GD's adjoint uses the step's VJP, not its Jacobians: it trains on to its budget.
      expect(gd.status).toBe('done');
    }
  });

  it('stops on request, keeping every completed epoch', async () => {
    const session = new Session({ experiment: smallExperiment({ trainSize: 512 }), methods: ['GD', 'HIG'], seed: 2, budget: {} });
    const finished = session.run();
    await wait(300);
    session.stop('interrupted');
    const result = await finished;
    for (const m of result.methods) {
      expect(m.status).toBe('stopped');
      expect(m.reason).toBe('interrupted');
      expect(m.epochs.length).toBeGreaterThanOrEqual(1);
    }
  });
});
