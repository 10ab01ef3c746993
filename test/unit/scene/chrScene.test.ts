import { describe, expect, it } from 'vitest';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { electrochemistryOf } from '../../../src/scene/resolveElectrochemistry.ts';
import { FARADAY } from '../../../src/physics/constants.ts';
import { particle, platelet } from '../../gpu/solver/electrochemScenes.ts';
import { problems } from './sceneProblems.ts';

const chr = 'the CHR particle (model.reaction.mode "chr")';

describe('CHR scenes: what the mode refuses, each named by its field', () => {
  it('a valid CHR particle passes', () => {
    expect(problems(particle({}))).toEqual([]);
  });
  it('needs a geometry', () => {
    const json = particle({});
    delete json.geometry;
    expect(problems(json)).toEqual([`geometry: missing: ${chr} needs the particle's shape (the smoothed-boundary indicator psi)`]);
  });
  it('refuses the platelet thickness, Marcus kinetics, fluctuations and the thermal section', () => {
    const json = particle({}) as Record<string, any>;
    json.model.reaction.thickness = 2e-8;
    json.model.reaction.rateLaw = { kind: 'marcus', reorganizationEnergy: 20000 };
    json.model.reaction.fluctuations = 0.1;
    json.thermal = { mass: 0.1, specificHeat: 1000, volume: 1e-5, coolingArea: 1e-3, heatTransferCoefficient: 10, conductivity: 1 };
    expect(problems(json)).toEqual([
      `model.reaction.thickness: is the ACR platelet's thickness: ${chr} takes its size from geometry (remove thickness)`,
      `model.reaction.rateLaw.kind: ${chr} supports Butler-Volmer kinetics only (Marcus runs in the ACR mode)`,
      `model.reaction.fluctuations: ${chr} has no thermal fluctuations yet: use 0`,
      `thermal: the thermal coupling runs in the ACR mode only, not with ${chr}`,
    ]);
  });
  it('takes inhomogeneous elasticity only inside a matrix (an electrolyte or a pore), and no void particle', () => {
    const free = particle({ elasticity: { stiffness: { kind: 'material', name: 'NMC' }, stiffnessLithiated: { kind: 'material', name: 'NMC' }, interpolation: 'smoothstep', eigenstrain: [0.01, 0.01, 0, 0, 0, 0] } });
    const needsMatrix = `needs model.elasticity.matrix around ${chr} (the electrolyte's stiffness, or { "kind": "void" } for a pore); without one only the homogeneous-modulus (Khachaturyan) coherency strain applies`;
    expect(problems(free)).toEqual([`model.elasticity.stiffnessLithiated: ${needsMatrix}`, `model.elasticity.interpolation: ${needsMatrix}`]);
    const inElectrolyte = particle({ elasticity: { stiffness: { kind: 'material', name: 'NMC' }, matrix: { stiffness: { kind: 'material', name: 'LLZO' } }, stiffnessLithiated: { kind: 'material', name: 'NMC' }, eigenstrain: [0.01, 0.01, 0, 0, 0, 0], boundary: { kind: 'clamped' } } });
    expect(problems(inElectrolyte)).toEqual([]);
    const inPore = particle({ elasticity: { stiffness: { kind: 'isotropic', youngsModulus: 1e11, poissonRatio: 0.3 }, matrix: { stiffness: { kind: 'void' } }, eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0] } });
    expect(problems(inPore)).toEqual([]);
    const laminatePore = particle({ elasticity: { stiffness: { kind: 'isotropic', youngsModulus: 1e11, poissonRatio: 0.3 }, matrix: { stiffness: { kind: 'void' }, interface: 'laminate' }, eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0] } });
    expect(problems(laminatePore)).toEqual([`model.elasticity.matrix.interface: "laminate" needs a matrix with stiffness around ${chr}; in a pore use "eigenstress"`]);
    const voidParticle = particle({ elasticity: { stiffness: { kind: 'void' }, matrix: { stiffness: { kind: 'material', name: 'LLZO' } }, eigenstrain: [0.01, 0.01, 0, 0, 0, 0] } });
    expect(problems(voidParticle)).toEqual([`model.elasticity.stiffness.kind: ${chr} needs the particle's stiffness ("void" is a pore, not a particle)`]);
  });
});

describe('CHR coherency strain', () => {
  it('is that of a free-standing particle: a mean-strain boundary other than stressFree is refused', () => {
    const json = particle({ elasticity: { stiffness: { kind: 'material', name: 'LiFePO4' }, boundary: { kind: 'clamped' } } });
    expect(problems(json)).toEqual([
      `model.elasticity.boundary.kind: ${chr} without a matrix is free-standing: its eigenstrain follows c - (particle mean), so only "stressFree" applies`,
    ]);
    expect(problems(particle({ elasticity: { stiffness: { kind: 'material', name: 'LiFePO4' } } }))).toEqual([]);
  });
});

describe('CHR units', () => {
  it('1C fills the particle in an hour: q_full = F rho_s V / A, rate scale k0 t0 / (F rho_s l0), Damkohler over the radius', () => {
    const spec = resolveScene(particle({ cells: [32, 32], radiusCells: 11 }));
    const ec = electrochemistryOf(spec)!;
    const p = ec.particle!;
    expect(ec.fullCharge).toBeCloseTo((FARADAY * ec.siteDensity * p.volume) / p.surfaceArea, 10);
    expect(ec.oneC * 3600).toBeCloseTo(ec.fullCharge, 10);
    expect(ec.internal.rateScale).toBeCloseTo((ec.exchangeCurrentDensity * spec.scales.time) / (FARADAY * ec.siteDensity * spec.scales.length), 15);
    // circle: V / A = R / 2, length = 2 V / A = R
    expect(p.length / 11e-9).toBeCloseTo(1, 1);
    const diffusivity = spec.mobility * spec.scales.energyDensity * 4;
    expect(ec.numbers.damkohler.value).toBeCloseTo((ec.exchangeCurrentDensity * p.length) / (FARADAY * ec.siteDensity * diffusivity), 12);
  });
});

describe('model.reaction.stressCoupledKinetics', () => {
  it('is on by default and a switch of the CHR particle only', () => {
    expect(resolveScene(particle({})).scene.model.reaction?.stressCoupledKinetics).toBe(true);
    const off = particle({}) as Record<string, any>;
    off.model.reaction.stressCoupledKinetics = false;
    expect(problems(off)).toEqual([]);
    const acr = platelet({}) as Record<string, any>;
    acr.model.reaction.stressCoupledKinetics = false;
    expect(problems(acr)).toEqual(['model.reaction.stressCoupledKinetics: is a switch of the CHR particle (mode "chr"); the ACR platelet always reacts with its full chemical potential']);
  });
});

describe('time.control.growthPerStep of reaction scenes', () => {
  it('defaults to 0.05 and caps the filling per step at a tenth of it', async () => {
    const { reactionParamFields, growthPerStep } = await import('../../../src/solver/reactionParams.ts');
    const spec = resolveScene(particle({}));
    expect(growthPerStep(spec)).toBe(0.05);
    const json = particle({}) as Record<string, any>;
    json.time.control = { kind: 'accuracy', growthPerStep: 0.0125 };
    const refined = resolveScene(json);
    expect(growthPerStep(refined)).toBe(0.0125);
    const fields = reactionParamFields(refined, electrochemistryOf(refined)!, { cellCount: 1, spectrumCount: 1 } as never);
    expect(fields.maxFillPerStep).toBeCloseTo(0.00125, 12);
    expect(fields.growthPerStep).toBeCloseTo(0.0125, 12);
  });
  it('must be positive and at most 0.5', () => {
    for (const bad of [0, 0.6]) {
      const json = particle({}) as Record<string, any>;
      json.time.control = { kind: 'accuracy', growthPerStep: bad };
      expect(problems(json)).toEqual([expect.stringMatching(/^time\.control\.growthPerStep: /)]);
    }
  });
});
