import { describe, expect, it } from 'vitest';
import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';
import { compositeMicrostructure, compositeReport, elasticIndicator, particleIndicator, reactionSiteDensity } from '../../../src/solver/geometry.ts';
import { PHASE_ACTIVE, reactionSites } from '../../../src/physics/microstructure.ts';
import type { Geometry } from '../../../src/scene/geometrySchema.ts';
import { encodeBase64 } from '../../../src/scene/base64.ts';

function scene(cells: number[], geometry?: unknown): Record<string, unknown> {
  return {
    name: 'geometry-test',
    description: 'test',
    units: 'dimensionless',
    grid: { cells, size: cells },
    model: { freeEnergy: { kind: 'doubleWell', rho: 1, ca: 0.1, cb: 0.9 }, kappa: 1, mobility: { kind: 'constant', value: 1 } },
    initial: { kind: 'uniform', value: 0.5 },
    time: { tEnd: 1 },
    ...(geometry ? { geometry } : {}),
  };
}

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

describe('particle indicator psi', () => {
  it('is undefined without a geometry section', () => {
    expect(particleIndicator(resolveScene(scene([16, 16])))).toBeUndefined();
  });

  // The area/volume of the tanh indicator exceeds the sharp one by the curvature term: with
  // int_0^inf x (1 - tanh x) dx = pi^2/24, a circle gains pi^2 eps^2 / (12 R^2) and a sphere pi^2 eps^2 / (4 R^2).
  const eps = 3 / (2 * Math.atanh(0.8));

  it('circle: 1 inside, 0 outside, 1/2 on the radius, 0.9 and 0.1 at -+1.5 cells (width 3 cells), area pi R^2 + curvature term', () => {
    const psi = particleIndicator(resolveScene(scene([64, 64], { kind: 'sphere', radius: 18.5 })))!;
    const at = (i: number, j: number) => psi[i + 64 * j];
    expect(at(32, 32)).toBeGreaterThan(1 - 1e-9);
    expect(at(0, 0)).toBeLessThan(1e-9);
    expect(at(49, 32)).toBeCloseTo(0.9, 12); // centre (32, 32): node 49 is 1.5 cells inside
    expect(at(52, 32)).toBeCloseTo(0.1, 12);
    expect(at(32, 12)).toBeCloseTo(0.1, 12);
    const r = 18.5;
    expect(Math.abs(sum(psi) / (Math.PI * r * r * (1 + (Math.PI * eps) ** 2 / (12 * r * r))) - 1)).toBeLessThan(1e-3);
  });

  it('a particle in a matrix: the elastic boundary takes matrix.interfaceCells (0.9 and 0.1 at -+0.5 cells for 1 cell) while psi keeps the geometry width; without it both are psi', () => {
    const elasticScene = (matrix: Record<string, unknown>) => ({
      ...scene([64, 64], { kind: 'sphere', radius: 18.5 }),
      model: {
        ...(scene([64, 64]).model as Record<string, unknown>),
        elasticity: { stiffness: { kind: 'isotropic', youngsModulus: 1, poissonRatio: 0.3 }, eigenstrain: [0.01, 0.01, 0, 0, 0, 0], matrix: { stiffness: { kind: 'isotropic', youngsModulus: 0.5, poissonRatio: 0.3 }, ...matrix } },
      },
    });
    const thin = resolveScene(elasticScene({ interfaceCells: 1 }));
    const psi = particleIndicator(thin)!;
    const psiElastic = elasticIndicator(thin)!;
    // centre (32, 32), radius 18.5: node 50 is 0.5 cells inside, node 51 0.5 outside
    expect(psiElastic[50 + 64 * 32]).toBeCloseTo(0.9, 12);
    expect(psiElastic[51 + 64 * 32]).toBeCloseTo(0.1, 12);
    expect(psi[49 + 64 * 32]).toBeCloseTo(0.9, 12);
    expect(psiElastic[49 + 64 * 32]).toBeGreaterThan(0.99);
    const shared = resolveScene(elasticScene({}));
    expect(elasticIndicator(shared)).toEqual(particleIndicator(shared));
    expect(() => resolveScene(elasticScene({ interfaceCells: -1 }))).toThrow(/model\.elasticity\.matrix\.interfaceCells/);
  });

  it('a sphere in 3D has volume 4/3 pi R^3 + curvature term; an ellipsoid with equal semi-axes is the sphere', () => {
    const sphere = particleIndicator(resolveScene(scene([32, 32, 32], { kind: 'sphere', radius: 10, center: [15, 16, 17] })))!;
    expect(Math.abs(sum(sphere) / ((4 / 3) * Math.PI * 1000 * (1 + (Math.PI * eps) ** 2 / 400)) - 1)).toBeLessThan(2e-3);
    const ellipsoid = particleIndicator(resolveScene(scene([32, 32, 32], { kind: 'ellipsoid', semiAxes: [10, 10, 10], center: [15, 16, 17] })))!;
    for (let i = 0; i < sphere.length; i++) expect(Math.abs(ellipsoid[i] - sphere[i])).toBeLessThan(1e-12);
  });

  it('ellipse area ~ pi a b; the periodic image wraps a particle centred on the box edge', () => {
    const psi = particleIndicator(resolveScene(scene([64, 48], { kind: 'ellipsoid', semiAxes: [20, 10] })))!;
    expect(Math.abs(sum(psi) / (Math.PI * 200) - 1)).toBeLessThan(1.5e-2);
    const wrapped = particleIndicator(resolveScene(scene([64, 48], { kind: 'ellipsoid', semiAxes: [20, 10], center: [0, 0] })))!;
    expect(Math.abs(sum(wrapped) / sum(psi) - 1)).toBeLessThan(1e-9);
    expect(wrapped[0]).toBeGreaterThan(0.999);
  });

  it('rounded box: area ~ (2h)^2 - (4 - pi) r^2', () => {
    const psi = particleIndicator(resolveScene(scene([64, 64], { kind: 'roundedBox', halfSize: [20, 12], cornerRadius: 5 })))!;
    const exact = 40 * 24 - (4 - Math.PI) * 25;
    expect(Math.abs(sum(psi) / exact - 1)).toBeLessThan(1e-2);
  });

  it('voxel mask: keeps the mask volume, 1/2 on the mask edge, resampled to the grid', () => {
    const mask = new Uint8Array(32 * 32);
    for (let j = 8; j < 24; j++) for (let i = 4; i < 20; i++) mask[i + 32 * j] = 1;
    const psi = particleIndicator(resolveScene(scene([64, 64], { kind: 'mask', cells: [32, 32], data: encodeBase64(mask) })))!;
    expect(Math.abs(sum(psi) / (32 * 32) - 1)).toBeLessThan(1e-9); // 16 x 16 voxels of 2 x 2 cells
    expect(psi[24 + 64 * 32]).toBeGreaterThan(0.99);
    expect(psi[63 + 64 * 63]).toBeLessThan(1e-6);
  });

  it('the schema names geometry entries that do not match the grid', () => {
    try {
      resolveScene(scene([16, 16], { kind: 'ellipsoid', semiAxes: [3, 3, 3] }));
      expect.unreachable();
    } catch (e) {
      expect((e as SceneError).problems.join('\n')).toMatch(/geometry\.semiAxes: needs 2 entries/);
    }
  });
});

describe('composite-electrode geometry', () => {
  const composite = (conductor: 'poor' | 'mixed', cells = [32, 32, 32]) =>
    resolveScene(
      scene(cells, {
        kind: 'composite',
        fractions: { active: 0.4, electrolyte: 0.35, carbon: 0.1 },
        radii: { active: 5, electrolyte: 4, carbon: 2 },
        seed: 5,
        conductor,
      }),
    );

  it('psi is the smoothed active phase: its volume is the active voxels', () => {
    const spec = composite('mixed');
    const psi = particleIndicator(spec)!;
    const m = compositeMicrostructure(spec.scene.geometry as Extract<Geometry, { kind: 'composite' }>, spec);
    const active = m.phases.reduce((s, p) => s + (p === PHASE_ACTIVE ? 1 : 0), 0);
    expect(Math.abs(sum(psi) / active - 1)).toBeLessThan(1e-9);
    expect(active / psi.length).toBeGreaterThan(0.3);
  });

  it('the reaction-site density integrates to the reactive area of each conductor case; the mixed conductor has several times more', () => {
    const areas = (['poor', 'mixed'] as const).map((conductor) => {
      const spec = composite(conductor);
      const w = reactionSiteDensity(spec)!;
      const m = compositeMicrostructure(spec.scene.geometry as Extract<Geometry, { kind: 'composite' }>, spec);
      const expected = reactionSites(m, conductor, { periodic: true });
      const cellVolume = spec.spacing[0] ** 3;
      expect(Math.abs((sum(w) * cellVolume) / (expected.reactiveAreaPerVolume * 32 ** 3) - 1)).toBeLessThan(1e-12);
      // only active cells react
      for (let i = 0; i < w.length; i++) if (w[i] > 0) expect(m.phases[i]).toBe(PHASE_ACTIVE);
      return sum(w);
    });
    expect(areas[1] / areas[0]).toBeGreaterThan(2);
    expect(reactionSiteDensity(resolveScene(scene([16, 16], { kind: 'sphere', radius: 5 })))).toBeUndefined();
  });

  it('run.json reports both conductor cases of the same microstructure whichever one runs', () => {
    const poor = compositeReport(composite('poor'))! as { conductor: string; reactionSites: Record<string, { reactiveAreaPerVolume: number }>; reactiveAreaRatio: { mixedOverPoor: number } };
    const mixed = compositeReport(composite('mixed'))! as typeof poor;
    expect(poor.conductor).toBe('poor');
    expect(mixed.conductor).toBe('mixed');
    expect(mixed.reactionSites).toEqual(poor.reactionSites);
    const spec = composite('mixed');
    const w = reactionSiteDensity(spec)!;
    // the mixed case's density integrates to the reported area per volume x box volume
    expect((sum(w) * spec.spacing[0] ** 3) / (poor.reactionSites.mixed.reactiveAreaPerVolume * spec.size.reduce((a, b) => a * b, 1))).toBeCloseTo(1, 12);
    expect(poor.reactiveAreaRatio.mixedOverPoor).toBeCloseTo(poor.reactionSites.mixed.reactiveAreaPerVolume / poor.reactionSites.poor.reactiveAreaPerVolume, 12);
    expect(poor.reactiveAreaRatio.mixedOverPoor).toBeGreaterThan(2);
    expect(compositeReport(resolveScene(scene([16, 16], { kind: 'sphere', radius: 5 })))).toBeUndefined();
  });

  it('needs a 3D grid of cubic cells', () => {
    expect(() => composite('poor', [32, 32])).toThrow('geometry.kind: a composite microstructure needs a 3D grid with cubic cells');
  });
});
