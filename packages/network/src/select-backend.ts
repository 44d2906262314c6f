import * as tf from '@tensorflow/tfjs';

/** The tfjs backends this package knows how to bring up in Node. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Module specifier of the native backend, held in a variable so that TypeScript does not need its (optional, possibly absent) types. */
const TFJS_NODE: string = '@tensorflow/tfjs-node';

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message.split('\n')[0]}` : error.message.split('\n')[0] ?? '';
  }
  return String(error);
}

async function activate(name: BackendName): Promise<void> {
  if (name === 'tensorflow') await import(TFJS_NODE);
  else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (tf.findBackendFactory(name) === null) throw new Error(`backend '${name}' is not registered`);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') failed to initialise it`);
  await tf.ready();
  if (name === 'cpu') {
    // The cpu backend prints a "install tfjs-node" hint on its first tensor write in Node. The
    // caller chose (or fell back to) cpu knowingly, so consume that first write silently.
    const env = tf.env();
    const wasTest = env.getBool('IS_TEST');
    env.set('IS_TEST', true);
    try {
      tf.tensor1d([0]).dispose();
    } finally {
      env.set('IS_TEST', wasTest);
    }
  }
}

/**
 * Brings up a tfjs backend and returns the name of the one that runs (`tf.getBackend()`).
 * Without `preferred`, tries in order: `'tensorflow'` (native, via a dynamic import of the optional
 * `@tensorflow/tfjs-node`; any failure such as MODULE_NOT_FOUND moves on), `'wasm'`
 * (`@tensorflow/tfjs-backend-wasm`), then `'cpu'`. With `preferred`, tries only that one and throws
 * an Error naming it and the reason if it cannot run.
 */
export async function selectBackend(preferred?: BackendName): Promise<string> {
  if (preferred !== undefined && !ORDER.includes(preferred)) {
    throw new TypeError(`selectBackend: preferred must be one of ${ORDER.map((b) => `'${b}'`).join(' | ')} or undefined, received ${JSON.stringify(preferred)}`);
  }
  const candidates = preferred === undefined ? ORDER : [preferred];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      await activate(name);
      return tf.getBackend();
    } catch (error) {
      failures.push(`${name}: ${describe(error)}`);
    }
  }
  throw new Error(
    preferred === undefined
      ? `selectBackend: no tfjs backend could be initialised (${failures.join('; ')})`
      : `selectBackend: preferred backend '${preferred}' is unavailable (${failures.join('; ')})`,
  );
}
