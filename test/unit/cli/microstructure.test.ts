/** `spinode microstructure`: generate, save in the raw format, load it back; bad options exit 2 naming the option. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cliHarness.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-micro-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('spinode microstructure', () => {
  it('generates, saves raw + JSON header, and the loaded copy gives the same metrics', async () => {
    const dir = join(root, 'saved');
    const args = ['--shape', '24,20,16', '--radii', '3,3,2', '--seed', '5', '--fractions', '0.4,0.4,0.15'];
    const gen = await runCli(['microstructure', ...args, '--save', dir, '--json', join(root, 'gen.json')]);
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/TPB length\s+\S+ um\/um\^3/);
    expect(gen.stdout).toMatch(/reactive area, mixed/);
    expect(readFileSync(join(dir, 'microstructure.raw')).length).toBe(24 * 20 * 16);
    const loaded = await runCli(['microstructure', '--load', join(dir, 'microstructure.raw'), '--json', join(root, 'loaded.json')]);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'loaded.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(root, 'gen.json'), 'utf8')));
  });

  const bad: [string[], RegExp][] = [
    [['--shape', '10,10'], /--shape: expected 3/],
    [['--fractions', '0.6,0.5,0.1'], /--fractions: .*exceeds 1/],
    [['--radii', '1,x,1'], /--radii/],
    [['--seed', '-2'], /--seed/],
    [['--fill', 'binder'], /--fill/],
    [['--voxel-size', '0'], /--voxel-size/],
    [['--load', '/no/such/file.raw'], /--header: .*no\/such\/file\.json/],
    [['--header', 'x.json'], /--header: only with --load/],
  ];
  for (const [args, message] of bad) {
    it(`bad input ${args.join(' ')}: exit 2`, async () => {
      const r = await runCli(['microstructure', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }

  it('a voxel file of the wrong size: exit 2 naming --load', async () => {
    writeFileSync(join(root, 'short.raw'), new Uint8Array(7));
    writeFileSync(join(root, 'short.json'), JSON.stringify({ shape: [2, 2, 2], voxelSize: 1e-7 }));
    const r = await runCli(['microstructure', '--load', join(root, 'short.raw')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--load: .*7 bytes/);
  });
});
