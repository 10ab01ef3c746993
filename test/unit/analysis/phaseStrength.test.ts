import { describe, expect, it } from 'vitest';
import { cellPhases, cellStrength, criterionStress, hasStrength, hotspotIndicator, phaseStrengths } from '../../../src/analysis/phaseStrength.ts';

describe('strength per phase (float64 twin of stress_fields.wgsl)', () => {
  const particle = { kind: 'tensile', value: 900 } as const;
  const matrix = { kind: 'tensile', value: 260 } as const;

  it('assigns a cell to its majority phase, psi >= 1/2 in float32', () => {
    expect(Array.from(cellPhases([0, 0.1, 0.4999999, 0.5, 0.9, 1]))).toEqual([0, 0, 0, 1, 1, 1]);
    // 0.49999999 rounds to 0.5 in float32, as the GPU holds psi
    expect(Array.from(cellPhases([0.49999999]))).toEqual([1]);
  });

  it('flags a matrix cell above the matrix strength but below the particle strength, and not the converse', () => {
    const sigma1 = [500, 500, 1000, 100];
    const vm = [0, 0, 0, 0];
    const phases = [0, 1, 1, 0];
    expect(Array.from(hotspotIndicator(sigma1, vm, { particle, matrix }, phases))).toEqual([1, 0, 1, 0]);
    // at exactly the strength: not above it
    expect(Array.from(hotspotIndicator([260, 900], vm, { particle, matrix }, [0, 1]))).toEqual([0, 0]);
    // a phase without a criterion has no hot spots; without phases the whole box is the particle
    expect(Array.from(hotspotIndicator(sigma1, vm, { particle }, phases))).toEqual([0, 0, 1, 0]);
    expect(Array.from(hotspotIndicator(sigma1, vm, { matrix }, phases))).toEqual([1, 0, 0, 0]);
    expect(Array.from(hotspotIndicator(sigma1, vm, { particle, matrix }))).toEqual([0, 0, 1, 0]);
  });

  it('compares sigma_vm where the phase has a yield stress, sigma_1 elsewhere', () => {
    const ductile = { kind: 'vonMises', value: 50 } as const;
    const sigma1 = [10, 10];
    const vm = [60, 60];
    expect(Array.from(hotspotIndicator(sigma1, vm, { particle, matrix: ductile }, [0, 1]))).toEqual([1, 0]);
    expect(Array.from(criterionStress(sigma1, vm, { particle, matrix: ductile }, [0, 1]))).toEqual([60, 10]);
    expect(criterionStress(sigma1, undefined, { particle, matrix })).toBe(sigma1);
    expect(() => criterionStress(sigma1, undefined, { particle: ductile })).toThrow(/needs sigma_vm/);
  });

  it('reads the criteria of a resolved section', () => {
    expect(phaseStrengths({ strength: particle, matrixStrength: matrix })).toEqual({ particle, matrix });
    expect(hasStrength(phaseStrengths(undefined))).toBe(false);
    expect(hasStrength({ matrix })).toBe(true);
    expect(cellStrength({ particle, matrix }, undefined)).toBe(particle);
    expect(cellStrength({ particle, matrix }, 0)).toBe(matrix);
  });
});
