import { describe, expect, it } from 'vitest';
import { applySceneParameters, describeChanges, modifiedName, parameterProblems, readSceneParameters } from '../../../src/viewport/sceneParameters.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { electrochemistryOf } from '../../../src/scene/resolveElectrochemistry.ts';
import { formatLength } from '../../../src/viewport/parameterPanel.ts';

const scene = (name: string) => findBundledScene(name)!.json;

describe('scene parameters of the viewport panel', () => {
  it('offers what each scene has: grid always, temperature for SI regular solutions, C-rate for protocols, elasticity when present', () => {
    const pfhub = readSceneParameters(scene('pfhub-bm1a'));
    expect(pfhub.values).toEqual({ cells: [200, 200] });
    expect(pfhub.lengthUnit).toBe('');
    const platelet = readSceneParameters(scene('lfp-platelet-slow'));
    expect(platelet.values).toEqual({ cells: [64, 64], temperature: 298, cRate: 0.1 });
    expect(platelet.lengthUnit).toBe('m');
    expect(platelet.size).toEqual([6.4e-8, 6.4e-8]);
    const elastic = readSceneParameters(scene('elastic-precipitate'));
    expect(elastic.elasticityAvailable).toBe(true);
    expect(elastic.values.elasticity).toBe(true);
    expect(elastic.values.temperature).toBeUndefined();
  });

  it('writes grid, temperature and C-rate into a copy that resolves to the same physics with the new values', () => {
    const original = scene('lfp-platelet-slow');
    const before = JSON.stringify(original);
    const modified = applySceneParameters(original, { cells: [32, 48], temperature: 318, cRate: 2 });
    expect(JSON.stringify(original)).toBe(before); // the bundled scene is untouched
    const spec = resolveScene(modified);
    expect(spec.shape).toEqual([32, 48]);
    expect(spec.size).toEqual([6.4e-8, 6.4e-8]); // the box keeps its size: the spacing changes
    expect(spec.spacing[0]).toBeCloseTo(2e-9, 15);
    const ec = electrochemistryOf(spec)!;
    expect(ec.temperature).toBe(318);
    const step = ec.protocol.steps[0] as { cRate?: number };
    expect(step.cRate).toBe(2);
  });

  it('scales every C-rate step by the same factor and keeps each sign (charge stays charge)', () => {
    const cycling = {
      ...(scene('lfp-platelet-slow') as object),
      protocol: {
        steps: [
          { kind: 'constantCurrent', cRate: 0.5, cutoffVoltage: 3.0 },
          { kind: 'rest', duration: 60 },
          { kind: 'constantCurrent', cRate: -0.25, cutoffVoltage: 4.0 },
        ],
        cycles: 2,
      },
    };
    expect(readSceneParameters(cycling).values.cRate).toBe(0.5);
    const faster = applySceneParameters(cycling, { cells: [64, 64], temperature: 298, cRate: 2 }) as { protocol: { steps: { cRate?: number }[] } };
    expect(faster.protocol.steps.map((s) => s.cRate)).toEqual([2, undefined, -1]);
  });

  it('switches elasticity off and back on from the scene as loaded', () => {
    const base = scene('elastic-precipitate');
    const off = applySceneParameters(base, { cells: [128, 128], elasticity: false }, base);
    expect((off.model as Record<string, unknown>).elasticity).toBeUndefined();
    expect(resolveScene(off).elasticity).toBeUndefined();
    expect(readSceneParameters(off, base).values.elasticity).toBe(false);
    const on = applySceneParameters(off, { cells: [128, 128], elasticity: true }, base);
    expect((on.model as Record<string, unknown>).elasticity).toEqual((base as { model: { elasticity: unknown } }).model.elasticity);
    expect(resolveScene(on).elasticity).toBeDefined();
  });

  it('switches a composite electrode between the poor and the mixed conductor', () => {
    const composite = {
      ...(scene('pfhub-bm1a') as object),
      grid: { cells: [16, 16, 16], size: [16, 16, 16] },
      geometry: { kind: 'composite', fractions: { active: 0.4, electrolyte: 0.4, carbon: 0.1 }, radii: { active: 3, electrolyte: 3, carbon: 1.5 }, conductor: 'poor' },
    };
    const read = readSceneParameters(composite);
    expect(read.values.conductor).toBe('poor');
    const mixed = applySceneParameters(composite, { ...read.values, conductor: 'mixed' });
    expect((mixed.geometry as { conductor: string }).conductor).toBe('mixed');
    expect(describeChanges(read.values, { ...read.values, conductor: 'mixed' })).toBe('mixed conductor');
    expect(readSceneParameters(scene('lfp-platelet-slow')).values.conductor).toBeUndefined();
  });

  it('names the parameter of a bad value, and the schema names the grid rule', () => {
    expect(parameterProblems({ cells: [64, 7.5], temperature: -3, cRate: 0 })).toEqual([
      'grid cells along y: 7.5 is not a whole number of at least 8',
      'temperature: -3 K is not a positive temperature',
      'C-rate: 0 is not positive (give the magnitude; each step keeps its sign, charge or discharge)',
    ]);
    expect(() => applySceneParameters(scene('pfhub-bm1a'), { cells: [64, 4] })).toThrow('grid cells along y: 4 is not a whole number of at least 8');
    expect(() => resolveScene(applySceneParameters(scene('pfhub-bm1a'), { cells: [64, 98] }))).toThrow('grid.cells[1]: 98 cells: the FFT needs an even length whose only prime factors are 2, 3 and 5 (e.g. 96)');
  });

  it('describes the changes in one line, with units', () => {
    expect(describeChanges({ cells: [64, 64], temperature: 298, cRate: 0.1, elasticity: true }, { cells: [32, 32], temperature: 310, cRate: 2, elasticity: false })).toBe('grid 32 × 32, 310 K, 2C, elasticity off');
    expect(describeChanges({ cells: [64, 64] }, { cells: [64, 64] })).toBe('');
    // a valid scene name that says what changed
    const name = modifiedName('lfp-platelet-slow', 'grid 32 × 32, 318 K, 0.5C, elasticity off');
    expect(name).toBe('lfp-platelet-slow-grid-32x32-318k-0p5c-elasticity-off');
    expect(() => resolveScene({ ...(scene('lfp-platelet-slow') as object), name })).not.toThrow();
  });

  it('formats box lengths with an SI prefix', () => {
    expect(formatLength(6.4e-8, 'm')).toBe('64 nm');
    expect(formatLength(2e-6, 'm')).toBe('2 µm');
    expect(formatLength(1.25e-9, 'm')).toBe('1.25 nm');
    expect(formatLength(200, '')).toBe('200');
  });
});
