import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunJson, collectVersions, readRunJson } from '../../../src/io/runJson.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spinode-run-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const scene = { units: 'dimensionless', grid: { cells: [64, 64] }, time: { tEnd: 100 } };
const adapter = { vendor: 'mesa', architecture: '', device: 'llvmpipe', description: '', isSoftware: true, backend: 'node (lavapipe)' };

describe('run.json', () => {
  it('records the versions of spinode, node and webgpu actually in use', () => {
    const v = collectVersions();
    expect(v.spinode).toBe(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
    expect(v.node).toBe(process.version);
    expect(v.webgpu).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is written at start with status "running" and rewritten at the end with the outcome', async () => {
    const path = join(dir, 'run.json');
    const run = await RunJson.start(path, { scene, sceneHash: 'sha256:00', adapter, command: ['run', 'bm1a'] });
    const started = await readRunJson(path);
    expect(started.status).toBe('running');
    expect(started.scene).toEqual(scene);
    expect(started.adapter).toEqual(adapter);
    expect(started.command).toEqual(['run', 'bm1a']);
    expect(started.endedAt).toBeNull();
    expect(Date.parse(started.startedAt)).not.toBeNaN();

    await run.update({ steps: 500, rejectedSteps: 0, time: 12.5 });
    expect((await readRunJson(path)).steps).toBe(500);

    await run.finish('done', { steps: 1000, rejectedSteps: 12, time: 100 });
    const done = await readRunJson(path);
    expect(done.status).toBe('done');
    expect([done.steps, done.rejectedSteps, done.time, done.error]).toEqual([1000, 12, 100, null]);
    expect(done.wallTimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(done.endedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    await expect(run.finish('failed', { steps: 0, rejectedSteps: 0, time: 0 })).rejects.toThrow('already ended (done)');
    expect(readdirSync(dir)).toEqual(['run.json']);
  });

  it('keeps the error line of a failed run and where a resumed run started', async () => {
    const path = join(dir, 'run.json');
    const run = await RunJson.start(path, { scene, adapter, resumedFrom: { checkpoint: 'out/checkpoint', step: 400 }, steps: 400, time: 4 });
    await run.finish('failed', { steps: 410, rejectedSteps: 0, time: 4.1, error: 'NaN in c after 8 retries at step 410' });
    const failed = await readRunJson(path);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('NaN in c after 8 retries at step 410');
    expect(failed.resumedFrom).toEqual({ checkpoint: 'out/checkpoint', step: 400 });
  });

  it('readRunJson refuses files that are not a run record', async () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, '{"hello": 1}');
    await expect(readRunJson(path)).rejects.toThrow('not a Spinode run.json');
  });
});
