/**
 * geometry.file of a voxel mask: `spinode validate` reads the raw file next to the scene and embeds it
 * (the same psi as inline data); a wrong size, a missing file and a scene without the bytes in the
 * library are refused with the field named.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cliHarness.ts';
import { embedMaskFile } from '../../../src/cli/maskFile.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { encodeBase64 } from '../../../src/scene/base64.ts';

function scene(geometry: unknown): Record<string, unknown> {
  return {
    name: 'mask-file-test',
    description: 'test',
    units: 'dimensionless',
    grid: { cells: [32, 32], size: [32, 32] },
    model: { freeEnergy: { kind: 'doubleWell', rho: 1, ca: 0.1, cb: 0.9 }, kappa: 1, mobility: { kind: 'constant', value: 1 } },
    initial: { kind: 'uniform', value: 0.5 },
    time: { tEnd: 1 },
    geometry,
  };
}

const mask = new Uint8Array(16 * 16);
for (let j = 4; j < 12; j++) for (let i = 2; i < 10; i++) mask[i + 16 * j] = 1;

describe('voxel mask from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spinode-mask-'));
  writeFileSync(join(dir, 'particle.raw'), mask);
  writeFileSync(join(dir, 'short.raw'), mask.subarray(0, 100));

  it('is read relative to the scene file and gives the same psi as inline data', async () => {
    const path = join(dir, 'scene.json');
    writeFileSync(path, JSON.stringify(scene({ kind: 'mask', cells: [16, 16], file: 'particle.raw' })));
    const validated = await runCli(['validate', path]);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
    const fromFile = scene({ kind: 'mask', cells: [16, 16], file: 'particle.raw' });
    embedMaskFile(fromFile, path);
    expect((fromFile.geometry as { data: string }).data).toBe(encodeBase64(mask));
    const inline = particleIndicator(resolveScene(scene({ kind: 'mask', cells: [16, 16], data: encodeBase64(mask) })))!;
    expect(particleIndicator(resolveScene(fromFile))).toEqual(inline);
  });

  it('names the field when the file is missing or its size does not match the cells', async () => {
    const missing = join(dir, 'missing.json');
    writeFileSync(missing, JSON.stringify(scene({ kind: 'mask', cells: [16, 16], file: 'nowhere.raw' })));
    const a = await runCli(['validate', missing]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`geometry.file: ${join(dir, 'nowhere.raw')}: no such file`);
    const short = join(dir, 'short.json');
    writeFileSync(short, JSON.stringify(scene({ kind: 'mask', cells: [16, 16], file: 'short.raw' })));
    const b = await runCli(['validate', short]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`geometry.file: ${join(dir, 'short.raw')} has 100 bytes, geometry.cells [16, 16] needs 256 (one uint8 per voxel, x fastest)`);
  });

  it('outside the command line a file alone is not enough: geometry.data is named', () => {
    expect(() => resolveScene(scene({ kind: 'mask', cells: [16, 16], file: 'particle.raw' }))).toThrow(
      'geometry.data: the mask bytes of file "particle.raw" were not loaded: the spinode command line reads geometry.file; elsewhere (browser, library) give them as base64 in geometry.data',
    );
  });
});
