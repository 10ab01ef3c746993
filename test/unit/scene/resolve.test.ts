import { describe, expect, it } from 'vitest';
import { bundledScenes, findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';

function problems(json: unknown): string[] {
  try {
    resolveScene(json);
  } catch (e) {
    if (e instanceof SceneError) return e.problems;
    throw e;
  }
  return [];
}

const bm1a = () => structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, any>;

describe('bundled scenes', () => {
  it('all validate and have distinct names', () => {
    for (const s of bundledScenes) expect(problems(s.json), s.name).toEqual([]);
    expect(new Set(bundledScenes.map((s) => s.name)).size).toBe(bundledScenes.length);
  });
  it('pfhub-bm1a scales to internal units with M = 1 and keeps the physics', () => {
    const spec = resolveScene(bm1a());
    // l0 = dx = 1, e0 = rho = 5, M0 = 5  ->  t0 = l0^2 / (M0 e0) = 1/25
    expect(spec.scales.time).toBeCloseTo(1 / 25, 12);
    expect(spec.internal.kappa).toBeCloseTo(2 / 5, 12);
    expect(spec.internal.tEnd).toBeCloseTo(10000 * 25, 6);
    expect(spec.internal.freeEnergy).toEqual({ kind: 'doubleWell', rho: 1, ca: 0.3, cb: 0.7 });
  });
  it('the SI regular-solution scene has nanometre cells and O(1) internal numbers', () => {
    const spec = resolveScene(findBundledScene('lfp-regular-solution')!.json);
    expect(spec.spacing[0]).toBeCloseTo(1e-9, 20);
    expect(spec.internal.kappa).toBeGreaterThan(0.01);
    expect(spec.internal.kappa).toBeLessThan(100);
    expect(spec.internal.freeEnergy.kind).toBe('regularSolution');
  });
});

describe('invalid scenes are rejected with every problem named by path', () => {
  it('lists each field error with its path and rule', () => {
    const s = bm1a();
    s.model.mobility.value = -1;
    s.initial = { kind: 'uniform', value: 1.5 };
    s.grid.colls = [1];
    expect(problems(s)).toEqual([
      'grid: Unrecognized key: "colls"',
      'model.mobility.value: mobility must be > 0',
      'initial.value: must be in [0, 1]',
    ]);
  });
  it('names values that would overflow float32 on the GPU', () => {
    const s = bm1a();
    s.model.kappa = 5e290;
    expect(problems(s)).toEqual([
      "model.kappa: 1.00e+290 in the solver's internal units is outside what float32 arithmetic can hold (1e-30 .. 1e30); check its value and unit",
      'model.freeEnergy: sets the energy-density unit e0 = 5.00',
      'grid.size: sets the length unit l0 = dx = 1.00',
    ]);
  });

  it('an absurd diffusivity is named with the time unit it implies', () => {
    const s = structuredClone(findBundledScene('lfp-regular-solution')!.json) as Record<string, any>;
    s.model.mobility.diffusivity = 1e286;
    const p = problems(s);
    expect(p[0]).toMatch(/^time\.tEnd: .* outside what float32 arithmetic can hold/);
    expect(p).toContainEqual(expect.stringMatching(/^model\.mobility\.diffusivity: sets the time unit t0 = /));
  });

  it('names the grid sizes the FFT cannot do, with the nearest one that works', () => {
    const s = bm1a();
    s.grid.cells = [200, 203];
    expect(problems(s)).toEqual(['grid.cells[1]: 203 cells: the FFT needs an even length whose only prime factors are 2, 3 and 5 (e.g. 200)']);
  });
  it('rejects a non-object and a missing section', () => {
    expect(problems('hello')[0]).toMatch(/^\(scene\): /);
    const s = bm1a();
    delete s.time;
    expect(problems(s)).toEqual(['time: Invalid input: expected object, received undefined']);
  });
});

describe('interface resolution warning', () => {
  it('PFHub BM1a: W = (cb - ca) / sqrt(2 rho (dc/2)^4 / kappa) = 4.47 cells, no warning', async () => {
    const { interfaceWidthCells, interfaceWarnings } = await import('../../../src/scene/warnings.ts');
    const spec = resolveScene(bm1a());
    expect(interfaceWidthCells(spec)).toBeCloseTo(0.4 / Math.sqrt((2 * 5 * 0.2 ** 4) / 2), 3);
    expect(interfaceWarnings(spec)).toEqual([]);
  });
  it('a 4x coarser grid warns with the fix', async () => {
    const { interfaceWarnings } = await import('../../../src/scene/warnings.ts');
    const s = bm1a();
    s.grid.cells = [50, 50];
    const [w] = interfaceWarnings(resolveScene(s));
    expect(w).toMatch(/^the phase interface is only 1\.12 cells wide .* use about 90 cells along x/);
  });
});

describe('grid.boundary', () => {
  const withBoundary = (boundary: unknown, patch: (json: Record<string, any>) => void = () => {}) => {
    const json = bm1a();
    json.grid.boundary = boundary;
    patch(json);
    return json;
  };

  it('defaults to periodic on every axis; one kind for all axes or one per axis', () => {
    expect(resolveScene(bm1a()).boundary).toEqual(['periodic', 'periodic']);
    expect(resolveScene(withBoundary('noFlux')).boundary).toEqual(['noFlux', 'noFlux']);
    expect(resolveScene(withBoundary(['noFlux', 'periodic'])).boundary).toEqual(['noFlux', 'periodic']);
    expect(resolveScene(findBundledScene('pfhub-bm1b')!.json).boundary).toEqual(['noFlux', 'noFlux']);
  });

  it('names the field of every combination the solvers cannot honour', () => {
    expect(problems(withBoundary(['noFlux']))).toEqual(['grid.boundary: needs 2 entries, one per axis of grid.cells (or one kind for all axes)']);
    expect(problems(withBoundary('wall'))[0]).toMatch(/^grid\.boundary: /);
    expect(problems(withBoundary(['periodic', 'fixed']))).toEqual([
      'grid.boundary[1]: fixed-value walls for the concentration are not supported: Cahn-Hilliard is fourth order and needs two conditions per wall; use "noFlux" (closed walls) or "periodic"',
    ]);
    expect(problems(withBoundary('noFlux', (j) => (j.model.mobility = { kind: 'diffusivity', diffusivity: 5, form: 'lattice' })))).toEqual([]);
    const elastic = findBundledScene('elastic-precipitate')!.json as Record<string, any>;
    const elasticWalls = structuredClone(elastic);
    elasticWalls.grid.boundary = 'noFlux';
    expect(problems(elasticWalls)).toContain('model.elasticity: the elastic solvers need a periodic box; walls (grid.boundary "noFlux") are not supported with elasticity yet');
    const reaction = structuredClone(findBundledScene('lfp-platelet-fast')!.json) as Record<string, any>;
    reaction.grid.boundary = ['noFlux', 'noFlux'];
    expect(problems(reaction)).toContain('model.reaction: the reaction steppers run in a periodic box; walls (grid.boundary ["noFlux","noFlux"]) need a closed Cahn-Hilliard scene (remove model.reaction or use "periodic")');
    const particle = structuredClone(findBundledScene('lfp-particle-chr')!.json) as Record<string, any>;
    particle.grid.boundary = 'noFlux';
    expect(problems(particle)).toContain('geometry: a particle geometry (smoothed boundary) sits in a periodic box; it is not supported with walls (grid.boundary "noFlux")');
  });
});

describe('model.electrostatics', () => {
  const bm6a = () => structuredClone(findBundledScene('pfhub-bm6a')!.json) as Record<string, any>;

  it('resolves PFHub 6a: internal permittivity eps / l0^2, coupling charge / e0, Poisson faces fixed / noFlux', () => {
    const spec = resolveScene(bm6a());
    expect(spec.electrostatics!.poissonBoundary).toEqual(['fixed', 'noFlux']);
    expect(spec.electrostatics!.internal.permittivity).toBeCloseTo(90 / spec.scales.length ** 2, 12);
    expect(spec.electrostatics!.internal.coupling).toBeCloseTo(0.09 / spec.scales.energyDensity, 12);
  });

  it('names the field of every face setup it cannot solve', () => {
    const with_ = (patch: (j: Record<string, any>) => void) => {
      const j = bm6a();
      patch(j);
      return problems(j);
    };
    expect(with_((j) => (j.model.electrostatics.faces = ['insulating']))).toEqual(['model.electrostatics.faces: needs 2 entries, one per axis of grid.cells']);
    expect(with_((j) => (j.model.electrostatics.faces[1] = 'periodic'))).toEqual([
      'model.electrostatics.faces[1]: grid.boundary has walls on this axis: use "insulating" or held potentials { "low": ..., "high": ... }',
    ]);
    expect(with_((j) => (j.grid.boundary = ['noFlux', 'periodic']))).toEqual(['model.electrostatics.faces[1]: grid.boundary is periodic on this axis, so phi must be "periodic" too']);
    expect(with_((j) => (j.model.electrostatics.faces[1] = { low: 0, high: 1 }))).toEqual([
      'model.electrostatics.faces: held potentials on more than one axis are not supported yet (the lift is built for one held axis)',
    ]);
    expect(with_((j) => (j.model.electrostatics.charge = 0))).toEqual(['model.electrostatics.charge: must not be 0 (omit model.electrostatics for an uncharged species)']);
    expect(with_((j) => (j.model.electrostatics.faces[0].high.sine.wavevector = [0, 1, 2]))).toEqual([
      'model.electrostatics.faces[0].high.sine.wavevector: needs 2 entries, one per axis of grid.cells',
    ]);
  });
});
