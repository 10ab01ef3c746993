/**
 * Issue #11, composite electrodes: the bundled `composite-electrode` scene discharged at 1C with the
 * reaction confined to the triple-phase boundary (poor electronic conductor) and spread over the whole
 * active/electrolyte interface (mixed conductor), same microstructure, same current.
 * - The current density is per m^2 of reactive surface: the two cases differ exactly by the ratio of
 *   their reactive areas (run.json `composite`), and both insert the integral of the current.
 * - The poor conductor needs the larger overpotential: at the same inserted amount its voltage lies
 *   below the mixed one by about the Butler-Volmer difference 2 kT/e [asinh(i_p/2i0) - asinh(i_m/2i0)]
 *   at the mean composition (within 5 %: the particles do not fill evenly, so the local exchange
 *   current and overpotential vary around the mean).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { electrochemistryOf } from '../../../src/scene/resolveElectrochemistry.ts';
import { compositeReport } from '../../../src/solver/geometry.ts';
import { thermalVoltage } from '../../../src/physics/kinetics.ts';

describe('composite electrode: TPB-confined vs whole-interface reaction', () => {
  const gpu = useGpu();

  async function discharge(conductor: 'poor' | 'mixed', tEnd: number) {
    const json = structuredClone(findBundledScene('composite-electrode')!.json) as { geometry: { conductor: string }; time: { tEnd: number } };
    json.geometry.conductor = conductor;
    json.time.tEnd = tEnd;
    const spec = resolveScene(json);
    const sim = await Simulation.create(gpu(), spec);
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ chunk: 64 });
    sim.dispose();
    return { spec, records };
  }

  it('same current through 3.5x less area: current density ratio = area ratio, larger overpotential as Butler-Volmer predicts', { timeout: 300_000 }, async () => {
    const tEnd = 300;
    const poor = await discharge('poor', tEnd);
    const mixed = await discharge('mixed', tEnd);
    const report = compositeReport(poor.spec) as { reactionSites: Record<'poor' | 'mixed', { reactiveAreaPerVolume: number }> };
    const areaRatio = report.reactionSites.mixed.reactiveAreaPerVolume / report.reactionSites.poor.reactiveAreaPerVolume;
    expect(areaRatio).toBeGreaterThan(2);
    const iPoor = poor.records[1].current;
    const iMixed = mixed.records[1].current;
    expect(iPoor / iMixed / areaRatio).toBeCloseTo(1, 5);
    for (const run of [poor, mixed]) {
      const ec = electrochemistryOf(run.spec)!;
      const charge = run.records.slice(0, -1).reduce((q, r) => q + r.current * r.dt, 0);
      const last = run.records.at(-1)!;
      // 1C for tEnd seconds: the inserted fraction and the integral of the current agree
      expect(Math.abs(last.capacity / (tEnd / 3600) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(charge / ec.fullCharge / (tEnd / 3600) - 1)).toBeLessThan(1e-4);
    }
    // compare at the same inserted amount (the end: both at tEnd of 1C)
    const vPoor = poor.records.at(-1)!.voltage;
    const vMixed = mixed.records.at(-1)!.voltage;
    const ec = electrochemistryOf(poor.spec)!;
    const c = poor.records.at(-1)!.cMean;
    const i0 = ec.exchangeCurrentDensity * Math.sqrt(c * (1 - c)); // the "concentration" form at the mean filling
    const kT = thermalVoltage(298);
    const predicted = 2 * kT * (Math.asinh(iPoor / (2 * i0)) - Math.asinh(iMixed / (2 * i0)));
    console.log(`composite electrode at ${tEnd} s of 1C: reactive area ratio ${areaRatio.toFixed(3)}, i ${iPoor.toPrecision(4)} vs ${iMixed.toPrecision(4)} A/m^2, V ${vPoor.toFixed(4)} vs ${vMixed.toFixed(4)} V: gap ${((vMixed - vPoor) * 1e3).toFixed(1)} mV, Butler-Volmer at the mean ${(predicted * 1e3).toFixed(1)} mV`);
    expect(vMixed - vPoor).toBeGreaterThan(0);
    expect(Math.abs((vMixed - vPoor) / predicted - 1)).toBeLessThan(0.05);
  });
});
