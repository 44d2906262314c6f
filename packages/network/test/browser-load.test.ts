/**
 * The files `saveController` writes load in a browser with tfjs's own HTTP loader,
 * `tf.loadLayersModel('http://…/model.json')`: a loopback server serves a controller folder and
 * the tfjs bundle, Debian's Chromium (package `chromium`) runs headless, and the prediction it
 * makes is compared with the float64 forward pass of the same weights.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { initParams, saveController, selectBackend } from '../src/index.js';
import type { NetworkSpec } from '../src/index.js';
import { createRng, f32, forward64, outsideTolerance, randomArray } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true';
if (!haveChromium && !inCi) console.warn(`browser-load: skipped, ${CHROMIUM} is missing (Debian package 'chromium': apt-get install -y chromium)`);

/** Another shape than the built-in one: 5 inputs, widths not multiples of 4. */
const SPEC: NetworkSpec = {
  inputDim: 5,
  layers: [
    { units: 11, activation: 'tanh' },
    { units: 7, activation: 'relu' },
    { units: 2, activation: 'linear' },
  ],
};
const B = 6;

let root = '';
let server: http.Server | undefined;
let context: BrowserContext | undefined;

/** Serves exactly these files (URL path → file), nothing else, on 127.0.0.1. */
async function serve(files: Record<string, { file: string; type: string }>): Promise<number> {
  server = http.createServer((req, res) => {
    const entry = req.method === 'GET' ? files[new URL(req.url ?? '/', 'http://127.0.0.1').pathname] : undefined;
    if (entry === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': entry.type }).end(fs.readFileSync(entry.file));
  });
  await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  tf.enableProdMode();
  await selectBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hig-network-browser-'));
});

afterAll(async () => {
  await context?.close();
  if (server !== undefined) await new Promise((resolve) => server!.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

const browserTest = haveChromium ? it : inCi ? it : it.skip;

describe('a saved controller in a browser', () => {
  browserTest("loads with tf.loadLayersModel('http://127.0.0.1:PORT/…/model.json') and predicts the float64 forward to float32 tolerance", async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing under CI=true: install the Debian package 'chromium' (apt-get install -y chromium)`);
    const theta = f32(initParams(SPEC, createRng(21)).map((v, k) => v + 0.1 * Math.sin(k)));
    const dir = path.join(root, 'controllers', 'HIG');
    await saveController(dir, SPEC, theta, { method: 'HIG' });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><script src="/tf.min.js"></script>\n');
    const port = await serve({
      '/': { file: path.join(root, 'index.html'), type: 'text/html' },
      '/tf.min.js': { file: createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js'), type: 'text/javascript' },
      '/controllers/HIG/model.json': { file: path.join(dir, 'model.json'), type: 'application/json' },
      '/controllers/HIG/weights.bin': { file: path.join(dir, 'weights.bin'), type: 'application/octet-stream' },
    });

    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(root, 'profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/`);
    const x = f32(randomArray(createRng(22), B * SPEC.inputDim));
    const result = await page.evaluate(
      async ({ url, x, B, D }) => {
        const tfb = (globalThis as unknown as { tf: typeof tf }).tf;
        await tfb.setBackend('cpu');
        const model = await tfb.loadLayersModel(url);
        const y = model.predict(tfb.tensor2d(x, [B, D])) as tf.Tensor;
        return { y: Array.from(await y.data()), metadata: model.getUserDefinedMetadata(), backend: tfb.getBackend() };
      },
      { url: `http://127.0.0.1:${port}/controllers/HIG/model.json`, x: Array.from(x), B, D: SPEC.inputDim },
    );
    expect(result.backend).toBe('cpu');
    expect(result.metadata).toEqual({ method: 'HIG' });
    const { y, tol } = forward64(SPEC, theta, x, B);
    expect(outsideTolerance(result.y, y, tol)).toEqual([]);
  });
});
