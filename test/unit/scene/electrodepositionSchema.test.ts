import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElectrodepositionSceneSchema, electrodepositionParameters, isElectrodepositionScene } from '../../../src/scene/electrodepositionSchema.ts';
import { electrodepositionInternal, exchangeCurrentDensity } from '../../../src/physics/electrodeposition.ts';

const sceneJson = () => JSON.parse(readFileSync(new URL('../../../scenes/li-dendrite-2d.json', import.meta.url), 'utf8'));

function issues(json: unknown): string[] {
  const parsed = ElectrodepositionSceneSchema.safeParse(json);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the electrodeposition scene', () => {
  it('li-dendrite-2d parses, has one cell per interface length l0 and i0 = 11.06 A/m^2', () => {
    const json = sceneJson();
    expect(isElectrodepositionScene(json)).toBe(true);
    const scene = ElectrodepositionSceneSchema.parse(json);
    const p = electrodepositionParameters(scene);
    const q = electrodepositionInternal(p);
    expect(scene.grid.size[0] / scene.grid.cells[0] / q.scales.length).toBeCloseTo(1, 5);
    expect(exchangeCurrentDensity(p)).toBeCloseTo(11.057, 2);
    // the noise is off unless the scene asks for it
    expect(q.noise).toEqual({ amplitude: 0, seed: 0 });
  });

  it('refuses bad input, naming the field', () => {
    const strong = sceneJson();
    strong.model.anisotropy.strength = 0.1;
    expect(issues(strong)).toEqual(["model.anisotropy.strength: must be < 1 / (mode^2 - 1) = 0.0667 (kappa + kappa'' > 0, no missing orientations)"]);
    const oblong = sceneJson();
    oblong.grid.size[1] *= 2;
    expect(issues(oblong)[0]).toMatch(/^grid\.size: cells must be square/);
    const negative = sceneJson();
    negative.model.conductivity.electrolyte = -1;
    expect(issues(negative)).toEqual(['model.conductivity.electrolyte: conductivity of the electrolyte [S/m] must be > 0']);
    const noisy = sceneJson();
    noisy.model.noise = { amplitude: -0.04 };
    expect(issues(noisy)).toEqual(['model.noise.amplitude: noise.amplitude must be >= 0 [1/s]']);
    noisy.model.noise = { amplitude: 0.04, seed: 1.5 };
    expect(issues(noisy)).toEqual(['model.noise.seed: noise.seed must be an integer']);
    const typo = sceneJson();
    typo.model.reactionConstnt = 1;
    expect(issues(typo)[0]).toMatch(/^model: Unrecognized key/);
  });

  it('takes a fixed step (the default) or the accuracy control, refusing bad tolerances and the noise with it, naming the field', () => {
    expect(ElectrodepositionSceneSchema.parse(sceneJson()).time.control).toEqual({ kind: 'fixed' });
    const adaptive = sceneJson();
    adaptive.time.control = { kind: 'accuracy' };
    expect(ElectrodepositionSceneSchema.parse(adaptive).time.control).toEqual({ kind: 'accuracy', tolerance: 1e-4 });
    adaptive.time.control = { kind: 'accuracy', tolerance: 0.5 };
    expect(issues(adaptive)).toEqual(['time.control.tolerance: time.control.tolerance must be <= 0.1 (an error in xi, which spans [0, 1])']);
    adaptive.time.control = { kind: 'accuracy', tolerance: 1e-3, dtMax: 0 };
    expect(issues(adaptive)).toEqual(['time.control.dtMax: time.control.dtMax must be > 0']);
    adaptive.time.control = { kind: 'accuracy', tolerance: 1e-3 };
    adaptive.model.noise = { amplitude: 0.04 };
    expect(issues(adaptive)).toEqual(["time.control.kind: must be \"fixed\" with model.noise (the noise increment dt alpha_n h' r changes its strength with the step)"]);
  });

  it('takes 3D grids [nx, ny, nz] with square cells and refuses anisotropies other than the cubic one there, naming the field', () => {
    const cube = sceneJson();
    cube.grid.cells = [24, 12, 12];
    cube.grid.size = [24e-6, 12e-6, 12e-6];
    expect(issues(cube)).toEqual([]);
    expect(ElectrodepositionSceneSchema.parse(cube).grid.cells).toEqual([24, 12, 12]);
    const sixfold = structuredClone(cube);
    sixfold.model.anisotropy = { strength: 0.02, mode: 6 };
    expect(issues(sixfold)).toEqual(['model.anisotropy.mode: must be 4 on a 3D grid (the cubic anisotropy of the normal), or anisotropy.strength 0; got 6']);
    sixfold.model.anisotropy.strength = 0;
    expect(issues(sixfold)).toEqual([]);
    const flat = structuredClone(cube);
    flat.grid.size[2] = 6e-6;
    expect(issues(flat)[0]).toMatch(/^grid\.size: cells must be square .* along z/);
    const mixed = structuredClone(cube);
    mixed.grid.size = [24e-6, 12e-6];
    expect(issues(mixed)).toEqual(['grid.size: must have one length per axis of grid.cells (3), got 2']);
  });
});
