/**
 * What a cycled particle in an electrolyte or pore leaves when its run ends (issue 19; docs/outputs.md):
 * `cycles.csv` (peak stresses per cycle), `cycle_stress.png` (the peaks against the cycle number) and
 * the summary that goes into run.json (`electrochemistry.stressHistory`).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Spec } from '../scene/resolve.ts';
import type { ElasticStrength } from '../scene/resolveElasticity.ts';
import type { CycleStress, CycleStressHistory, HotspotOrigin, Peak } from '../analysis/cycleStressHistory.ts';
import { elasticIndicator } from '../solver/geometry.ts';
import { cyclesCsv } from '../io/cyclesCsv.ts';
import { renderLinePlotPng, type PlotSeries } from '../io/linePlot.ts';

type CriterionSummary = { value: number; criterion: 'sigma_1' | 'sigma_vm' };

const criterionSummary = (s: ElasticStrength | undefined): CriterionSummary | null => (s ? { value: s.value, criterion: s.kind === 'vonMises' ? 'sigma_vm' : 'sigma_1' } : null);

export interface StressHistorySummary {
  cycles: number;
  /** the particle's strength [scene stress unit] and its criterion (model.elasticity.strength), null without one */
  strength: CriterionSummary | null;
  /** the electrolyte's own strength (model.elasticity.matrix.strength), null without one */
  strengthElectrolyte: CriterionSummary | null;
  /** the largest of each peak over all cycles, with its cycle (0-based) and capacity */
  peaks: Record<'sigma1Particle' | 'sigma1Electrolyte' | 'interfaceTension', (Peak & { cycle: number }) | null>;
  /** hot-spot regions in order of first crossing */
  hotspots: HotspotOrigin[];
}

function overall(rows: readonly CycleStress[], key: 'sigma1Particle' | 'sigma1Electrolyte' | 'interfaceTension'): (Peak & { cycle: number }) | null {
  let best: (Peak & { cycle: number }) | null = null;
  for (const r of rows) {
    const p = r[key];
    if (p && (!best || p.value > best.value)) best = { ...p, cycle: r.cycle };
  }
  return best;
}

/** Write cycles.csv and cycle_stress.png into `dir`; `firstTime` is the GPU's first hot-spot time per cell in scene time units (< 0: never). */
export async function writeStressHistory(dir: string, spec: Spec, history: CycleStressHistory, firstTime: Float64Array): Promise<StressHistorySummary> {
  const psi = elasticIndicator(spec) ?? new Float64Array(firstTime.length).fill(1);
  const origins = history.hotspotOrigins(firstTime, psi, spec.shape, spec.spacing);
  const rows = history.rows();
  await writeFile(join(dir, 'cycles.csv'), cyclesCsv(rows, origins));
  const si = spec.scene.units === 'SI';
  const unit = si ? 1e6 : 1;
  const strength = spec.elasticity?.strength;
  const strengthElectrolyte = spec.elasticity?.matrixStrength;
  const series = (name: string, key: 'sigma1Particle' | 'sigma1Electrolyte' | 'interfaceTension'): PlotSeries => ({
    name,
    markers: true,
    points: rows.filter((r) => r[key]).map((r) => [r.cycle + 1, r[key]!.value / unit] as const),
  });
  const plotted = [series('particle sigma_1', 'sigma1Particle'), series('electrolyte sigma_1', 'sigma1Electrolyte'), series('interface tension', 'interfaceTension')];
  if (rows.length > 0) {
    const ends = [rows[0].cycle + 1, rows[rows.length - 1].cycle + 1];
    // the legend keeps the name "strength" for a scene with one criterion
    const lines: [string, ElasticStrength | undefined][] = strengthElectrolyte ? [['particle strength', strength], ['electr. strength', strengthElectrolyte]] : [['strength', strength]];
    for (const [name, s] of lines) if (s) plotted.push({ name, dashed: true, points: ends.map((c) => [c, s.value / unit] as const) });
  }
  if (rows.length > 0) {
    const png = await renderLinePlotPng({
      title: `${spec.scene.name}: peak stress per cycle`,
      x: { label: 'cycle', log: false },
      y: { label: `peak stress${si ? ' [MPa]' : ''}`, log: false },
      series: plotted.filter((s) => s.points.length > 0),
    });
    await writeFile(join(dir, 'cycle_stress.png'), png);
  }
  return {
    cycles: rows.length,
    strength: criterionSummary(strength),
    strengthElectrolyte: criterionSummary(strengthElectrolyte),
    peaks: { sigma1Particle: overall(rows, 'sigma1Particle'), sigma1Electrolyte: overall(rows, 'sigma1Electrolyte'), interfaceTension: overall(rows, 'interfaceTension') },
    hotspots: origins,
  };
}
