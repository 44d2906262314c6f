import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudyFolder } from '../src/study-folder.js';
import { SweepError } from '../src/sweep-error.js';
import { planSweep } from '../src/sweep-plan.js';
import type { SweepDefinition } from '../src/sweep-definition.js';
import { springRegistry } from './fixtures/spring-experiment.js';

const registry = springRegistry();
const plan = (over: Partial<SweepDefinition> = {}) =>
  planSweep({ experiment: 'spring', methods: ['GD'], seeds: [1, 2], sets: {}, budget: { maxEpochs: 2 }, ...over }, registry);
const fresh = () => join(mkdtempSync(join(tmpdir(), 'hig-study-')), 'out');

/** Every file under `dir` with its contents: to check that a refused open left it as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, rel: string): void => {
    for (const name of readdirSync(at, { withFileTypes: true })) {
      if (name.isDirectory()) walk(join(at, name.name), `${rel}${name.name}/`);
      else out[`${rel}${name.name}`] = readFileSync(join(at, name.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

describe('StudyFolder', () => {
  it('makes a new folder with sweep.json listing the runs, and locks it while open', () => {
    const dir = fresh();
    const folder = StudyFolder.open(dir, plan(), 'spring@1+abc');
    const manifest = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'hig-lab sweep 1', codeVersion: 'spring@1+abc', definition: { experiment: 'spring', methods: ['GD'], seeds: [1, 2] } });
    expect(manifest.runs.map((r: { id: string }) => r.id)).toEqual(plan().runs.map((r) => r.id));
    expect(readFileSync(join(dir, 'sweep.lock'), 'utf8').trim()).toBe(String(process.pid));
    folder.close();
    expect(existsSync(join(dir, 'sweep.lock'))).toBe(false);
  });

  it('opens again for the same sweep and finds its finished runs', () => {
    const dir = fresh();
    const first = StudyFolder.open(dir, plan(), 'v1');
    const id = plan().runs[0]!.id;
    first.installFiles(id, new Map([['results.json', Buffer.from('{}')], ['controllers/GD/model.json', Buffer.from('{}')]]));
    first.close();
    const again = StudyFolder.open(dir, plan(), 'v1');
    expect(again.isFinished(id)).toBe(true);
    expect(again.isFinished(plan().runs[1]!.id)).toBe(false);
    expect(readFileSync(join(dir, 'runs', id, 'controllers', 'GD', 'model.json'), 'utf8')).toBe('{}');
    again.close();
  });

  it.each([
    ['another seed list', { seeds: [1, 2, 3] }, "holds a different sweep (seeds [1,2] there, [1,2,3] here); give another folder"],
    ['another budget', { budget: { maxEpochs: 3 } }, 'holds a different sweep (budget {"maxEpochs":2} there, {"maxEpochs":3} here)'],
    ['another setting', { sets: { k: ['2'] } }, 'holds a different sweep (sets {} there, {"k":["2"]} here)'],
  ])('refuses a folder holding a different sweep (%s), naming the difference, and leaves it as it was', (_, over, message) => {
    const dir = fresh();
    StudyFolder.open(dir, plan(), 'v1').close();
    mkdirSync(join(dir, 'runs', 'x'), { recursive: true });
    writeFileSync(join(dir, 'runs', 'x', 'results.json'), '{"kept":true}');
    const before = snapshot(dir);
    expect(() => StudyFolder.open(dir, plan(over), 'v1')).toThrow(SweepError);
    expect(() => StudyFolder.open(dir, plan(over), 'v1')).toThrow(`--out: '${dir}' ${message}`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a folder of runs made by another code version, naming both', () => {
    const dir = fresh();
    StudyFolder.open(dir, plan(), 'spring@1+aaa').close();
    expect(() => StudyFolder.open(dir, plan(), 'spring@1+bbb')).toThrow(`--out: '${dir}' holds runs made by code version spring@1+aaa, this is spring@1+bbb; give another folder`);
  });

  it('refuses a folder that holds other files, or a sweep.json that is not one, and writes nothing there', () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => StudyFolder.open(dir, plan(), 'v1')).toThrow(`--out: '${dir}' holds other files and no sweep.json; give an empty or new folder`);
    expect(snapshot(dir)).toEqual({ 'notes.txt': 'mine' });
    writeFileSync(join(dir, 'sweep.json'), '{"format":"x"}');
    expect(() => StudyFolder.open(dir, plan(), 'v1')).toThrow("is not a sweep manifest (format 'x'");
    writeFileSync(join(dir, 'sweep.json'), '{ truncated');
    expect(() => StudyFolder.open(dir, plan(), 'v1')).toThrow(`--out: '${join(dir, 'sweep.json')}' cannot be read`);
  });

  it('refuses a folder another live sweep holds, and takes over the lock of one that died', () => {
    const dir = fresh();
    StudyFolder.open(dir, plan(), 'v1').close();
    // A live process that is not this one: the parent of this test (jest's worker or jest itself).
    writeFileSync(join(dir, 'sweep.lock'), `${process.ppid}\n`);
    expect(() => StudyFolder.open(dir, plan(), 'v1')).toThrow(`--out: '${dir}' is in use by another sweep (process ${process.ppid})`);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'sweep.lock'), `${dead}\n`);
    const folder = StudyFolder.open(dir, plan(), 'v1');
    expect(readFileSync(join(dir, 'sweep.lock'), 'utf8').trim()).toBe(String(process.pid));
    folder.close();
  });

  it('records a failure with its message and forgets it once the run is done', () => {
    const dir = fresh();
    const folder = StudyFolder.open(dir, plan(), 'v1');
    const run = plan().runs[0]!;
    folder.recordFailure(run.id, run.spec, 'the run diverged at once');
    expect(folder.failures()).toMatchObject([{ id: run.id, message: 'the run diverged at once', spec: run.spec }]);
    folder.installFiles(run.id, new Map([['results.json', Buffer.from('{}')]]));
    expect(folder.failures()).toEqual([]);
    folder.close();
  });

  it('keeps the first copy when a run arrives twice, and never writes outside the run folder', () => {
    const dir = fresh();
    const folder = StudyFolder.open(dir, plan(), 'v1');
    const id = plan().runs[0]!.id;
    folder.installFiles(id, new Map([['results.json', Buffer.from('{"copy":1}')]]));
    folder.installFiles(id, new Map([['results.json', Buffer.from('{"copy":2}')]]));
    expect(readFileSync(join(dir, 'runs', id, 'results.json'), 'utf8')).toBe('{"copy":1}');
    expect(() => folder.installFiles('other', new Map([['../escape.json', Buffer.from('{}')]]))).toThrow("names a file outside its folder: '../escape.json'");
    expect(readdirSync(join(dir, 'runs')).filter((n) => n.startsWith('.'))).toEqual([]);
    folder.close();
  });
});
