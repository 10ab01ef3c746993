/**
 * A CHR particle cycled in a solid electrolyte (issue 19), 2D, 32^2, circle of 11 cells in a stiffer
 * electrolyte, Vegard misfit, through the cycler (ProtocolController, as `spinode run` drives it):
 * 1. charge conservation with elasticity on, over a discharge -> charge switch: the Li in the final field
 *    and the capacity column equal the time integral of the current to 1e-5 (float32 state; the k = 0
 *    mode takes dt I exactly every step and the elastic potential only moves Li inside the particle);
 * 2. the stress by region (shaders/elastic/stress_regions.wgsl) against its float64 twin on the
 *    read-back fields: the largest sigma_1 where psi >= 1/2 and where psi < 1/2, the largest n.sigma.n over
 *    0.1 <= psi <= 0.9 with n = grad psi / |grad psi| (src/solver/interfaceNormal.ts);
 * 3. the first hot-spot time per cell: the earliest equals the first record with a hot spot, every cell
 *    that is a hot spot now has one, and the stress history dates it with that record's capacity; each
 *    phase is held to its own strength (the final indicator against the float64 twin) and each region
 *    lies in one phase.
 * 4. stress-coupled kinetics (model.reaction.stressCoupledKinetics): a uniformly lithiated particle at rest
 *    in a stiffer electrolyte, compressed; with the switch on its voltage is lower than with it off by the
 *    float64 Butler-Volmer balance over the reaction sites of the GPU's own mu (mu_el = -Omega sigma_h per
 *    site), which is 2/3 of Omega sigma_h / F of the interior (the sites span the diffuse surface).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { ProtocolController } from '../../../src/solver/protocolController.ts';
import { CahnHilliardReactionStepper } from '../../../src/solver/cahnHilliardReaction.ts';
import { interfaceNormals } from '../../../src/solver/interfaceNormal.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { readFloat32 } from '../../../src/gpu/buffers.ts';
import { CycleStressHistory, cycleAt } from '../../../src/analysis/cycleStressHistory.ts';
import { cellPhases, hotspotIndicator, phaseStrengths } from '../../../src/analysis/phaseStrength.ts';
import { smoothedBoundary } from '../../../src/solver/smoothedBoundary.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';
import { FARADAY, GAS_CONSTANT } from '../../../src/physics/constants.ts';
import { chargeFraction, insertedFraction, particle, LFP_SITES, T } from './electrochemScenes.ts';

const gpu = useGpu();

describe('CHR particle cycled in a solid electrolyte', () => {
  it('conserves charge over a discharge/charge switch with elasticity on, and records the stress by region and the first hot-spot times', async () => {
    const json = particle({
      cells: [32, 32],
      radiusCells: 11,
      omegaRT: 1.5,
      form: 'concentration',
      k0: 0.1,
      diffusivity: 1e-17,
      initial: { kind: 'uniform', value: 0.2 },
      tEnd: 2000,
      // 0.3 of the sites in at 2C, then 0.1 out at 2C
      steps: [
        { kind: 'constantCurrent', cRate: 2, duration: 540 },
        { kind: 'constantCurrent', cRate: -2, duration: 180 },
      ],
      elasticity: {
        stiffness: { kind: 'isotropic', youngsModulus: 1e11, poissonRatio: 0.3 },
        // each phase its own strength (the particle's lower): both kinds of hot spot form
        matrix: { stiffness: { kind: 'isotropic', youngsModulus: 1.5e11, poissonRatio: 0.25 }, strength: { kind: 'tensile', value: 4e8 } },
        eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0],
        referenceConcentration: 0,
        strength: { kind: 'tensile', value: 1e8 },
        plane: 'strain',
      },
    }) as Record<string, any>;
    json.output = { fieldFrames: 0, stressEvery: 1 };
    const spec = resolveScene(json);
    const sim = await Simulation.create(gpu(), spec);
    const stepper = sim.stepper as CahnHilliardReactionStepper;
    const protocol = ProtocolController.for(stepper)!;
    const history = new CycleStressHistory();
    const records: Observables[] = [];
    sim.onObservables((o) => {
      records.push(o);
      protocol.observe(o);
      history.observe(o, cycleAt(protocol.switches, o.time));
    });
    for (;;) {
      const outcome = await sim.advanceUntil({ chunk: 32, pauseWhen: () => protocol.due() });
      if (outcome !== 'paused') break;
      if (protocol.due() && !protocol.next(sim.current)) {
        await sim.finish();
        break;
      }
    }
    const c = await sim.readConcentration();
    const fields = {
      psi: particleIndicator(spec)!,
      sigma1: await sim.readField('sigma_1'),
      sigmaVm: await sim.readField('sigma_vm'),
      hotspot: await sim.readField('hotspot'),
      s: await Promise.all((['sigma_xx', 'sigma_yy', 'sigma_zz', 'sigma_yz', 'sigma_xz', 'sigma_xy'] as const).map((n) => sim.readField(n))),
    };
    const firstTime = await readFloat32(gpu().device, stepper.hotspotFirstTime!, c.length);
    sim.dispose();

    // 1. charge: both signs of current, one switch, the integral of I = the Li in the field = the capacity column
    expect(protocol.switches.map((s) => s.reason)).toEqual(['start', 'duration']);
    expect(records.some((r) => r.current > 0) && records.some((r) => r.current < 0)).toBe(true);
    const integral = chargeFraction(spec, records);
    const inserted = insertedFraction(spec, c);
    const last = records.at(-1)!;
    console.log(`CHR cycling with elasticity: ${records.length - 1} steps, integral of I ${integral.toFixed(7)}, inserted (field) ${inserted.toFixed(7)}, capacity column ${last.capacity.toFixed(7)}`);
    expect(Math.abs(integral / 0.2 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(inserted / integral - 1)).toBeLessThan(1e-5);
    expect(Math.abs(last.capacity / integral - 1)).toBeLessThan(1e-5);

    // 2. the regions of the final state (its record is evaluated: stressEvery 1) against the float64 twin
    const n = c.length;
    const normals = interfaceNormals(fields.psi, spec.shape, spec.spacing);
    let particleMax = -Infinity;
    let matrixMax = -Infinity;
    let tensionMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const psi = fields.psi[i];
      if (psi >= 0.5) particleMax = Math.max(particleMax, fields.sigma1[i]);
      else matrixMax = Math.max(matrixMax, fields.sigma1[i]);
      const m = [normals[3 * i], normals[3 * i + 1], normals[3 * i + 2]];
      if (psi < 0.1 || psi > 0.9 || m[0] ** 2 + m[1] ** 2 + m[2] ** 2 < 0.5) continue;
      const [xx, yy, zz, yz, xz, xy] = fields.s.map((f) => f[i]);
      const t = [xx * m[0] + xy * m[1] + xz * m[2], xy * m[0] + yy * m[1] + yz * m[2], xz * m[0] + yz * m[1] + zz * m[2]];
      tensionMax = Math.max(tensionMax, m[0] * t[0] + m[1] * t[1] + m[2] * t[2]);
    }
    console.log(
      `CHR cycling regions (final state): sigma_1 particle ${(last.sigma1Particle / 1e6).toFixed(3)} vs ${(particleMax / 1e6).toFixed(3)} MPa, electrolyte ${(last.sigma1Matrix / 1e6).toFixed(3)} vs ${(matrixMax / 1e6).toFixed(3)} MPa, interface tension ${(last.interfaceTension / 1e6).toFixed(3)} vs ${(tensionMax / 1e6).toFixed(3)} MPa`,
    );
    // float32 stresses from the same fields: the twin differs by the rounding of n.sigma.n (1e-6 of the peak)
    const scale = Math.max(Math.abs(particleMax), Math.abs(matrixMax));
    expect(Math.abs(last.sigma1Particle - particleMax)).toBeLessThan(1e-6 * scale);
    expect(Math.abs(last.sigma1Matrix - matrixMax)).toBeLessThan(1e-6 * scale);
    expect(Math.abs(last.interfaceTension - tensionMax)).toBeLessThan(1e-5 * scale);
    // a lithiated particle swells against a stiffer electrolyte: the interface is in compression, the
    // electrolyte's hoop direction in tension
    expect(last.interfaceTension).toBeLessThan(0);
    expect(last.sigma1Matrix).toBeGreaterThan(0);

    // 3. first hot-spot times: the earliest is the first record with a hot spot; today's hot spots all have
    // one. Today's indicator is the float64 twin's: each cell against its phase's strength (psi >= 1/2:
    // the particle's 100 MPa, else the electrolyte's 400 MPa; src/analysis/phaseStrength.ts)
    const phases = cellPhases(fields.psi);
    const twin = hotspotIndicator(fields.sigma1, fields.sigmaVm, phaseStrengths(spec.elasticity), phases);
    const nearStrength = (i: number) => Math.abs(fields.sigma1[i] - (phases[i] ? 1e8 : 4e8)) < 1e-5 * 4e8;
    for (let i = 0; i < n; i++) if (!nearStrength(i)) expect(fields.hotspot[i], `cell ${i}`).toBe(twin[i]);
    const firstRecord = records.find((r) => r.hotspotFraction > 0);
    expect(firstRecord, 'a hot spot forms').toBeDefined();
    const crossed = Array.from(firstTime).filter((t) => t >= 0);
    const earliest = Math.min(...crossed) * spec.scales.time;
    expect(Math.abs(earliest - firstRecord!.time)).toBeLessThanOrEqual(1e-6 * firstRecord!.time);
    for (let i = 0; i < n; i++) if (fields.hotspot[i] > 0.5) expect(firstTime[i]).toBeGreaterThanOrEqual(0);
    const origins = history.hotspotOrigins(Float64Array.from(firstTime, (t) => (t >= 0 ? t * spec.scales.time : -1)), fields.psi, spec.shape, spec.spacing);
    console.log(
      `CHR cycling hot spots: ${crossed.length} cells crossed their phase's strength in ${origins.length} regions (${origins.filter((o) => o.phase === 'particle').length} in the particle); ` +
        `first at t = ${origins[0].time.toFixed(2)} s, capacity ${origins[0].capacity.toFixed(4)}, cycle ${origins[0].cycle}, in the ${origins[0].phase}`,
    );
    expect(origins[0].capacity).toBe(firstRecord!.capacity);
    expect(origins.reduce((s, o) => s + o.cells, 0)).toBe(crossed.length);
    // regions lie in one phase each
    for (const o of origins) expect(o.particleShare).toBe(o.phase === 'particle' ? 1 : 0);
  });

  it('stress-coupled kinetics: the compressive interface stress lowers the voltage by the Butler-Volmer balance of mu_el over the reaction sites', async () => {
    const e = 0.01;
    const scene = (coupled: boolean) => {
      const json = particle({
        cells: [64, 64],
        radiusCells: 16,
        omegaRT: 0,
        form: 'constant',
        k0: 0.1,
        initial: { kind: 'uniform', value: 0.5 },
        tEnd: 100,
        // steps of 1 us: the state stays the initial one (mu_el also moves Li inside the particle, which
        // moves the voltage by 0.1 mV over four adaptive steps), so the voltage and the mu read back agree
        control: { kind: 'fixed', dt: 1e-6 },
        steps: [{ kind: 'rest', duration: 100 }],
        elasticity: {
          stiffness: { kind: 'isotropic', youngsModulus: 1e11, poissonRatio: 0.3 },
          matrix: { stiffness: { kind: 'isotropic', youngsModulus: 2e11, poissonRatio: 0.25 } },
          eigenstrain: [e, e, e, 0, 0, 0],
          referenceConcentration: 0,
          boundary: { kind: 'clamped' },
        },
      }) as Record<string, any>;
      json.model.reaction.stressCoupledKinetics = coupled;
      return resolveScene(json);
    };
    const measure = async (coupled: boolean) => {
      const spec = scene(coupled);
      const sim = await Simulation.create(gpu(), spec);
      sim.stepper.elasticity!.fixedPoint!.iterationsPerStep = 32;
      const records: Observables[] = [];
      sim.onObservables((o) => records.push(o));
      await sim.run({ maxSteps: 4, chunk: 4 });
      const mu = await sim.readField('mu');
      const hydrostatic = await sim.readField('sigma_h');
      sim.dispose();
      return { spec, voltage: records.at(-2)!.voltage, mu, hydrostatic };
    };
    const on = await measure(true);
    const off = await measure(false);
    const { spec } = on;
    const n = on.mu.length;
    const centre = 32 + 64 * 32;
    // float64: per site in kT, the chemical part f'(c) (uniform c, no gradient) and the full mu of the GPU
    const kT = GAS_CONSTANT * T;
    const chemical = freeEnergy(spec.freeEnergy).df(0.5) / (LFP_SITES * kT);
    const w = smoothedBoundary(spec)!.siteDensity;
    // Butler-Volmer at rest, alpha = 1/2, g = 1: sum w e^{-(mu - x)/2} = sum w e^{(mu - x)/2}, x = ln(S_b / S_a)
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const m = on.mu[i] / (LFP_SITES * kT);
      sa += w[i] * Math.exp(-m / 2);
      sb += w[i] * Math.exp(m / 2);
    }
    const reservoir = Math.log(sb / sa);
    const expected = (-(reservoir - chemical) * kT) / FARADAY;
    // Omega sigma_h / F of the interior: Omega = 3 eps00 / rho_s for a dilatational misfit
    const interior = (3 * e * on.hydrostatic[centre]) / (LFP_SITES * FARADAY);
    const shift = on.voltage - off.voltage;
    console.log(
      `stress-coupled kinetics: V(on) - V(off) ${(shift * 1e3).toFixed(4)} mV, Butler-Volmer balance of the GPU mu ${(expected * 1e3).toFixed(4)} mV, interior Omega sigma_h / F ${(interior * 1e3).toFixed(4)} mV (sigma_h ${(on.hydrostatic[centre] / 1e6).toFixed(3)} MPa)`,
    );
    expect(on.hydrostatic[centre]).toBeLessThan(0);
    expect(shift).toBeLessThan(0);
    // two float32 voltages of ~3.4 V (ulp 0.24 uV) and the f32 mu: 2 uV (measured 1.0 uV of 7.24 mV)
    expect(Math.abs(shift - expected)).toBeLessThan(2e-6);
    // the reaction sites span the diffuse surface, where mu_el per site falls from the interior value to the
    // matrix's: the shift is 0.674 of the interior Omega sigma_h / F here (3-cell surface, R = 16 cells)
    expect(shift / interior).toBeGreaterThan(0.5);
    expect(shift / interior).toBeLessThan(1);
  });
});
