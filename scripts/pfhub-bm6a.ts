/**
 * PFHub benchmark 6a (scenes/pfhub-bm6a.json, docs/boundaries.md): runs the bundled scene to t = 400 and
 * writes what the benchmark asks for (the benchmark 6 notebook, "Submission Guidelines"):
 *   free_energy.csv   time, free_energy       (every accepted step)
 *   x_cut_plane.csv   y, concentration, potential   along x = 50 at t = 400
 *   y_cut_plane.csv   x, concentration, potential   along y = 50 at t = 400
 * The grid is cell-centred between the walls (x_i = (i + 1/2) h), so x = 50 on the 100-cell grid lies
 * between cells 49 and 50: the cut is their mean (linear interpolation).
 *
 *   npx tsx scripts/pfhub-bm6a.ts [--out DIR] [--integrator etdrk4|semiImplicitEuler] [--tolerance T]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'node:module';
import { parseArgs } from 'node:util';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { findBundledScene } = await import('../src/scene/bundled.ts');
const { resolveScene } = await import('../src/scene/resolve.ts');
const { Simulation } = await import('../src/solver/simulation.ts');

const { values } = parseArgs({ options: { out: { type: 'string', default: 'runs/pfhub-bm6a-cuts' }, integrator: { type: 'string' }, tolerance: { type: 'string' } } });
const json = structuredClone(findBundledScene('pfhub-bm6a')!.json) as { time: Record<string, unknown> };
if (values.integrator) json.time.integrator = values.integrator;
if (values.tolerance) json.time.control = { kind: 'accuracy', tolerance: Number(values.tolerance) };
const spec = resolveScene(json);
const gpu = await acquireNodeGpu({ label: 'pfhub-bm6a' });
const sim = await Simulation.create(gpu, spec);
const energy: string[] = ['time,free_energy'];
sim.onObservables((o) => energy.push(`${o.time},${o.freeEnergy}`));
const start = performance.now();
const last = await sim.run({ chunk: 64 });
const c = await sim.readField('c');
const phi = await sim.readField('phi');
sim.dispose();
gpu.dispose();

const [nx, ny] = spec.shape;
const [hx, hy] = spec.spacing;
const at = (field: Float32Array, i: number, j: number) => field[i + nx * j];
/** value on the line between cells m - 1 and m of an even axis (the mid-plane) */
const mid = (field: Float32Array, i: number | undefined, j: number | undefined) =>
  i === undefined ? 0.5 * (at(field, nx / 2 - 1, j!) + at(field, nx / 2, j!)) : 0.5 * (at(field, i, ny / 2 - 1) + at(field, i, ny / 2));
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'free_energy.csv'), energy.join('\n') + '\n');
writeFileSync(join(values.out!, 'x_cut_plane.csv'), ['y,concentration,potential', ...Array.from({ length: ny }, (_, j) => `${(j + 0.5) * hy},${mid(c, undefined, j)},${mid(phi, undefined, j)}`)].join('\n') + '\n');
writeFileSync(join(values.out!, 'y_cut_plane.csv'), ['x,concentration,potential', ...Array.from({ length: nx }, (_, i) => `${(i + 0.5) * hx},${mid(c, i, undefined)},${mid(phi, i, undefined)}`)].join('\n') + '\n');
console.log(`t = ${last.time}, ${last.step} steps, F = ${last.freeEnergy}, ${((performance.now() - start) / 1000).toFixed(1)} s; wrote ${values.out}`);
