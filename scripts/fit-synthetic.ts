/**
 * The identifiability example of docs/calibration.md: writes DIR/FIT.json (Nelder-Mead),
 * DIR/FIT-cmaes.json (CMA-ES) and DIR/FIT-lm.json (Levenberg-Marquardt) on the same data, and three synthetic discharge curves of a uniform
 * solid-solution ACR platelet (k0 = 0.01 A/m^2, Omega = 4000 J/mol, 2 mV noise) made by Spinode itself:
 *
 *   npx tsx scripts/fit-synthetic.ts runs/fit-synthetic
 *   ./bin/spinode fit runs/fit-synthetic/FIT.json --out runs/fit-synthetic/nelder-mead
 *   ./bin/spinode fit runs/fit-synthetic/FIT-cmaes.json --out runs/fit-synthetic/cmaes
 *   ./bin/spinode fit runs/fit-synthetic/FIT-lm.json --out runs/fit-synthetic/lm
 *
 * Synthetic data test the method (can the fit recover what generated the data?); they are not
 * measurements and say nothing about LiFePO4.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { writeSyntheticMeasurements } = await import('../src/cli/syntheticMeasurements.ts');

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx scripts/fit-synthetic.ts DIR\n');
  process.exit(2);
}
const K0 = 0.01;
const OMEGA = 4000;
const END = 0.9;
const STEPS = 20;
const rates = [0.5, 2, 8];
const dt = (rate: number) => `time.control={"kind":"fixed","dt":${((END / rate) * 3600) / STEPS}}`;
const fit = {
  scene: {
    name: 'fit-synthetic',
    description: 'uniform solid-solution ACR platelet (one particle in effect) for the identifiability example of spinode fit',
    units: 'SI',
    grid: { cells: [8, 8], size: [8e-9, 8e-9] },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: 22904, temperature: 298, omega: 5000 },
      kappa: 5e-10,
      mobility: { kind: 'diffusivity', diffusivity: 1e-14 },
      stabilizer: 0,
      reaction: { mode: 'acr', rateLaw: { kind: 'butlerVolmer', alpha: 0.5 }, exchangeCurrent: { form: 'activity', k0: 1 }, referencePotential: 3.422, thickness: 2e-8 },
    },
    initial: { kind: 'uniform', value: 0.05 },
    time: { tEnd: 1, control: { kind: 'accuracy', tolerance: 1e-3 } },
    protocol: { steps: [{ kind: 'constantCurrent', cRate: 1 }] },
    output: { fieldFrames: 0 },
  },
  parameters: [
    { name: 'k0', path: 'model.reaction.exchangeCurrent.k0', min: 1e-4, max: 1, initial: 3 * K0, scale: 'log', unit: 'A/m^2' },
    { name: 'Omega', path: 'model.freeEnergy.omega', min: 500, max: 10000, initial: OMEGA / 3, unit: 'J/mol' },
  ],
  data: [
    { file: 'rate-0.5C.csv', cRate: 0.5, columns: { voltage: 'Voltage [V]', capacity: 'Capacity [mAh/g]' }, capacityUnit: 'mAh/g', theoreticalCapacity: 170, set: [dt(0.5)] },
    { file: 'rate-2C.csv', cRate: 2, columns: { voltage: 'Voltage [V]', capacity: 'SOC' }, set: [dt(2)] },
    { file: 'rate-8C.csv', cRate: 8, columns: { voltage: 'Voltage [V]', time: 'Time [h]' }, timeUnit: 'h', set: [dt(8)] },
  ],
  optimiser: { kind: 'nelderMead', maxEvaluations: 80, xTolerance: 2e-3, fTolerance: 1e-6 },
};
if (rates.length !== fit.data.length) throw new Error('one curve per rate');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'FIT.json'), `${JSON.stringify(fit, null, 2)}\n`);
writeFileSync(join(dir, 'FIT-cmaes.json'), `${JSON.stringify({ ...fit, optimiser: { kind: 'cmaes', maxEvaluations: 200, xTolerance: 2e-3, initialStep: 0.2, seed: 1 } }, null, 2)}\n`);
writeFileSync(join(dir, 'FIT-lm.json'), `${JSON.stringify({ ...fit, optimiser: { kind: 'levenbergMarquardt', maxEvaluations: 80, fTolerance: 1e-6, gradientStep: 1e-3 } }, null, 2)}\n`);
const gpu = await acquireNodeGpu({ label: 'fit-synthetic' });
try {
  await writeSyntheticMeasurements(gpu, join(dir, 'FIT.json'), { truth: [K0, OMEGA], samples: 60, capacityRange: [0.02, END - 0.02], noiseVolts: 0.002, seed: 2026 });
} finally {
  gpu.dispose();
}
process.stderr.write(`wrote ${dir}/FIT.json, FIT-cmaes.json, FIT-lm.json and ${fit.data.map((d) => d.file).join(', ')}\n`);
