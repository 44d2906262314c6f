import { jest } from '@jest/globals';
import { createRegistry, defineOdeSystem, instantiate, methodParameters, methodsFrom, squaredError } from '@hig-lab/core';
import type { Dataset, ExperimentDefinition, MethodDefaults, MethodName, Rng } from '@hig-lab/core';
import type { Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { DashboardOptions } from '../../src/ui/dashboard-options.js';
import { experimentOutDirs } from '../../src/ui/experiment-out-dirs.js';
import type { SessionSpec } from '../../src/ui/session-spec.js';

const METHODS: MethodDefaults = {
  GD: { batchSize: 16, learningRate: 1e-2 },
  HIG: { batchSize: 16, learningRate: 1, rcond: 1e-10, beta: 0.5 },
};

/** A pushed cart (x'' = u/m) that must return to where it started: tiny, linear, fast. */
function cart(name: string, title: string): ExperimentDefinition {
  return {
    name,
    title,
    description: `${title}, for the dashboard tests.`,
    parameters: {
      mass: { default: 1, min: 0.1, max: 10 },
      steps: { default: 8, min: 1, max: 64, integer: true },
      trainSize: { default: 64, min: 1, max: 4096, integer: true },
      testSize: { default: 64, min: 1, max: 4096, integer: true },
      ...methodParameters(METHODS),
    },
    create(p) {
      const mass = p.mass;
      const system = defineOdeSystem({
        name: 'cart',
        stateDim: 2,
        controlDim: 1,
        params: { mass },
        stateNames: ['pos', 'vel'],
        rhs(out, s, u) {
          out[0] = s[1];
          out[1] = u[0] / mass;
        },
        jacobians(fs, fu) {
          fs.set([0, 1, 0, 0]);
          fu.set([0, 1 / mass]);
        },
      });
      const sample = (rng: Rng, size: number): Dataset => {
        const initial = new Float64Array(size * 2);
        for (let i = 0; i < initial.length; i++) initial[i] = rng.uniform();
        return { size, initial, input: initial, target: initial };
      };
      return {
        name,
        title: `${title} (m=${mass})`,
        system,
        steps: p.steps,
        dt: 0.25,
        loss: squaredError(2),
        network: { inputDim: 2, layers: [{ units: 8, activation: 'tanh' }, { units: p.steps, activation: 'linear' }] },
        methods: methodsFrom(p, METHODS),
        data: (rng) => ({ train: sample(rng.fork('train'), p.trainSize), test: sample(rng.fork('test'), p.testSize) }),
        display: { components: [0, 1] },
        parameters: p,
      };
    },
  };
}

export const CART = cart('cart', 'Cart back home');
export const OTHER = cart('other-cart', 'Another cart');
export const registry = createRegistry([CART, OTHER]);

export type SaveMock = jest.Mock<(session: Session, outDir: string) => Promise<readonly string[]>>;

export function saveMock(paths: readonly string[] = ['/tmp/out/results.json', '/tmp/out/loss.svg']): SaveMock {
  return jest.fn(async (_session: Session, _outDir: string): Promise<readonly string[]> => paths);
}

export function dashboardOptions(save: SaveMock, methods: readonly MethodName[] = ['GD', 'HIG']): DashboardOptions {
  return { registry, methods, outDirFor: experimentOutDirs('/tmp/out', 'cart'), backend: 'cpu', save };
}

/** The first session of a test: yields after every batch so that the tiny epochs never starve the UI. */
export function cartSpec(methods: readonly MethodName[] = ['GD', 'HIG'], maxTime = 60): SessionSpec {
  return { experiment: instantiate(CART), methods, seed: 7, maxTime, yieldEvery: 0 };
}

/** Polls `check` until it returns true; the generous limit leaves room for a loaded CI machine. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
