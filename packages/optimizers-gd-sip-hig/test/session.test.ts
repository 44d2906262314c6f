import { describe, expect, it } from '@jest/globals';
import { createRng } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';
import { initParams } from '@hig-lab/network';
import { estimateMemory, MemoryBudgetError, MethodRun, Session } from '../src/index.js';
import type { SessionEvent } from '../src/index.js';
import { productsOnly, smallExperiment } from './fixtures.js';

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
          system.stepJacobians!(out, js, ju, s, u, dt);
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

describe('Session: failures stay with their method', () => {
  it('marks a method failed when its physics throws, naming method, experiment and message; the others train on', async () => {
    const base = smallExperiment({ alpha: 1 }); // nonlinear: SIP and HIG call stepJacobians, GD only stepVjp
    let armed = false;
    const throwing: Experiment = {
      ...base,
      system: {
        ...base.system,
        stepJacobians(out, js, ju, s, u, dt) {
          if (armed) throw new Error('solver exploded');
          base.system.stepJacobians!(out, js, ju, s, u, dt);
        },
      },
    };
    const session = new Session({ experiment: throwing, methods: ['HIG', 'GD'], seed: 4, budget: { maxEpochs: 2 } });
    armed = true;
    const result = await session.run();
    const [hig, gd] = result.methods;
    expect(hig.status).toBe('failed');
    expect(hig.reason).toBe(`HIG on ${base.name} failed in epoch 1, batch 1: solver exploded`);
    expect(hig.epochs).toHaveLength(1);
    expect(session.runs[0].params).toEqual(initParams(base.network, createRng(4).fork('weights'))); // its epoch-0 weights
    expect([gd.status, gd.epochs.length]).toEqual(['done', 3]);
  });

  it('marks a method failed when evaluating its loss throws, and keeps its last evaluated weights', async () => {
    const base = smallExperiment();
    let calls = 0;
    const failing: Experiment = { ...base, loss: { ...base.loss, value: (y, t) => (++calls > 2 * 128 ? (() => { throw new Error('bad target'); })() : base.loss.value(y, t)) } };
    const session = new Session({ experiment: failing, methods: ['GD'], seed: 4, budget: { maxEpochs: 4 } });
    const result = await session.run();
    expect(result.methods[0].status).toBe('failed');
    expect(result.methods[0].reason).toBe(`GD on ${base.name} failed while evaluating after epoch 2: bad target`);
    expect(result.methods[0].epochs).toHaveLength(2);
  });

  it('names the experiment when its data() throws', () => {
    const base = smallExperiment();
    const broken: Experiment = { ...base, data: () => { throw new Error('no file'); } };
    expect(() => new Session({ experiment: broken, methods: ['GD'], seed: 1 })).toThrow(`experiment '${base.name}': data() failed: no file`);
  });

  it('refuses a method named twice', () => {
    expect(() => new Session({ experiment: smallExperiment(), methods: ['GD', 'GD'], seed: 1 })).toThrow('Session: methods must not repeat, got GD, GD');
  });
});

describe('Session: saved states', () => {
  it.each([['GD'], ['SIP'], ['HIG']] as const)('%s continues from a saved state to the same weights, bit for bit, as an uninterrupted run', async (method) => {
    const experiment = smallExperiment({ trainSize: 128 });
    const straight = new Session({ experiment, methods: [method], seed: 5, budget: { maxEpochs: 4 } });
    await straight.run();
    const first = new Session({ experiment, methods: [method], seed: 5, budget: { maxEpochs: 2 } });
    await first.run();
    const states = first.saveState();
    const resumed = new Session({ experiment, methods: [method], seed: 5, budget: { maxEpochs: 4 }, resume: states });
    const result = await resumed.run();
    expect(Array.from(resumed.runs[0].params)).toEqual(Array.from(straight.runs[0].params));
    expect(result.methods[0].epochs.map((r) => r.trainLoss)).toEqual(straight.snapshots()[0].epochs.map((r) => r.trainLoss));
    expect(result.methods[0].epochs.map((r) => r.epoch)).toEqual([0, 1, 2, 3, 4]);
  });

  it('continues mid-epoch from a state saved between batches', async () => {
    const experiment = smallExperiment({ trainSize: 128 });
    const straight = new Session({ experiment, methods: ['GD'], seed: 6, budget: { maxEpochs: 2 } });
    await straight.run();
    const data = straight.data;
    const partial = new MethodRun(experiment, 'GD', data, 6, { budget: { maxEpochs: 2 } });
    partial.evaluate(0);
    for (let b = 0; b < partial.batches + 3; b++) if (partial.trainBatch()) partial.evaluate(0);
    const resumed = new Session({ experiment, methods: ['GD'], seed: 6, budget: { maxEpochs: 2 }, resume: [partial.saveState()] });
    await resumed.run();
    expect(Array.from(resumed.runs[0].params)).toEqual(Array.from(straight.runs[0].params));
  });
});

describe('Session: budgets and stops inside epochs', () => {
  /** Every step of the physics also burns about `ms` milliseconds, so that epochs are long. */
  function slow(base: Experiment, ms: number): Experiment {
    const spin = (): void => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    return { ...base, system: { ...base.system, stepVjp: undefined, stepJacobians: (...a) => (spin(), base.system.stepJacobians!(...a)) } };
  }

  it('cuts an epoch short once the time budget is spent and finishing it would overrun by more than a second', async () => {
    // 32 batches of 16 samples × 24 steps × 0.5 ms: about 0.2 s a batch, a 6 s epoch.
    const experiment = slow(smallExperiment({ alpha: 1, trainSize: 512 }), 0.5);
    const session = new Session({ experiment, methods: ['GD'], seed: 2, budget: { maxTime: 0.3 } });
    const result = await session.run();
    const gd = result.methods[0];
    const last = gd.epochs.at(-1)!;
    expect([gd.status, gd.reason]).toEqual(['done', 'reached 0.3 s of training']);
    expect(last.epoch).toBe(1);
    expect(last.batches).toBeGreaterThan(0);
    expect(last.batches).toBeLessThan(session.runs[0].batches);
  });

  it('gives up an evaluation under way when asked to stop, and records nothing for it', async () => {
    const base = smallExperiment({ testSize: 100_000 });
    let losses = 0;
    const counting: Experiment = { ...base, loss: { ...base.loss, value: (y, t) => (losses++, base.loss.value(y, t)) } };
    const session = new Session({ experiment: counting, methods: ['GD'], seed: 2, budget: { maxEpochs: 1 }, yieldEvery: 1 });
    const finished = session.run();
    await new Promise((resolve) => setTimeout(resolve, 30));
    session.stop('interrupted');
    const result = await finished;
    expect(result.methods[0].status).toBe('stopped');
    expect(result.methods[0].epochs).toHaveLength(0);
    expect(losses).toBeLessThan(64 + 100_000);
  });
});

describe('Session: memory', () => {
  it('refuses, before allocating, a configuration whose buffers exceed the memory, naming what takes the most', () => {
    const experiment = smallExperiment({ n: 32, Nt: 2000, trainSize: 4096, 'HIG.batchSize': 4096 });
    let error: unknown;
    try {
      new Session({ experiment, methods: ['GD', 'HIG'], seed: 1, methodOptions: { route: 'dense' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MemoryBudgetError);
    expect((error as Error).message).toMatch(/^this configuration needs about [\d.]+ TB, more than the [\d.]+ [GT]B this machine has; most of it: HIG: Jacobian products of a batch \(HIG\.batchSize = 4096, state 64 × 2000 controls, 262144 × 262144 Gram\): /);
  });

  it('counts the Gram route by its (B·n)² matrices: doubling the HIG batch quadruples them', () => {
    const data = { train: { size: 1, initial: new Float64Array(4), input: new Float64Array(4), target: new Float64Array(4) } };
    const hig = (B: number) => estimateMemory(smallExperiment({ 'HIG.batchSize': B }), ['HIG'], { ...data, test: data.train }, { route: 'dense' }).find((p) => p.what.startsWith('HIG'))!.bytes;
    const ratio = hig(2048) / hig(1024);
    expect(ratio).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(4.01);
  });

  it('counts the truncated route by its Lanczos basis (steps × B·n), which the default route takes for large batches of product-only physics: doubling the batch doubles it', () => {
    const data = { train: { size: 1, initial: new Float64Array(4), input: new Float64Array(4), target: new Float64Array(4) } };
    const parts = (B: number) => estimateMemory(productsOnly(smallExperiment({ 'HIG.batchSize': B })), ['HIG'], { ...data, test: data.train }).find((p) => p.what.startsWith('HIG'))!;
    expect(parts(1 << 16).what).toBe('HIG: truncated route (HIG.batchSize = 65536, 262144 Gram rows, up to 1024 Lanczos steps)');
    const ratio = parts(1 << 17).bytes / parts(1 << 16).bytes;
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.01);
  });
});

describe('Session: evaluation cadence', () => {
  it('evaluates every n epochs, and always the epoch a budget ends on', async () => {
    const session = new Session({ experiment: smallExperiment(), methods: ['GD', 'HIG'], seed: 3, budget: { maxEpochs: 7 }, evalEvery: { epochs: 3 } });
    const result = await session.run();
    for (const m of result.methods) {
      expect(m.epochs.map((r) => r.epoch)).toEqual([0, 3, 6, 7]);
      expect(m.epoch).toBe(7);
    }
  });

  it('trains the same weights whatever the cadence: evaluation never changes them', async () => {
    const run = async (evalEvery: { epochs: number } | 'auto') => {
      const session = new Session({ experiment: smallExperiment(), methods: ['SIP'], seed: 3, budget: { maxEpochs: 5 }, evalEvery });
      await session.run();
      return { params: Array.from(session.runs[0].params), last: session.snapshots()[0].epochs.at(-1)! };
    };
    const every = await run({ epochs: 1 });
    const auto = await run('auto');
    expect(auto.params).toEqual(every.params);
    expect([auto.last.epoch, auto.last.trainLoss]).toEqual([every.last.epoch, every.last.trainLoss]);
  });

  it("'auto' evaluates epochs of a few milliseconds only every tenth of a second or so", async () => {
    const session = new Session({ experiment: smallExperiment({ trainSize: 32 }), methods: ['GD'], seed: 3, budget: { maxEpochs: 400 }, evalEvery: 'auto' });
    const result = await session.run();
    const records = result.methods[0].epochs;
    expect(records.at(-1)!.epoch).toBe(400);
    expect(records.length).toBeLessThan(200);
    for (let i = 2; i < records.length - 1; i++) expect(records[i].time - records[i - 1].time).toBeGreaterThanOrEqual(0.1);
  });

  it('continues after a stop to the same weights, bit for bit, as a run that was never stopped', async () => {
    const experiment = smallExperiment({ trainSize: 128 });
    const straight = new Session({ experiment, methods: ['GD', 'HIG'], seed: 8, budget: { maxEpochs: 6 } });
    await straight.run();
    const stopped = new Session({ experiment, methods: ['GD', 'HIG'], seed: 8, budget: { maxEpochs: 6 }, yieldEvery: 0 });
    stopped.subscribe((e) => void (e.type === 'progress' && e.method.epoch >= 2 && stopped.stop('interrupted')));
    await stopped.run();
    expect(stopped.snapshots().map((m) => m.status)).toEqual(['stopped', 'stopped']);
    const resumed = new Session({ experiment, methods: ['GD', 'HIG'], seed: 8, budget: { maxEpochs: 6 }, resume: stopped.saveState() });
    await resumed.run();
    for (let i = 0; i < 2; i++) expect(Array.from(resumed.runs[i].params)).toEqual(Array.from(straight.runs[i].params));
  });
});
