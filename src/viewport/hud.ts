/**
 * The heads-up display, a strip above the field: scene, step, time, rates, free energy and the adapter in
 * use; for electrodeposition the tip position, the branching measure (interface length per electrode
 * width), the deposition current density and the Li deposited instead of ⟨c⟩.
 */
import type { ViewportApp } from './app.ts';
import { sceneUnits } from './app.ts';
import { formatSI, formatValue } from './ticks.ts';
import type { Observables } from './engine.ts';

function withUnit(value: number | undefined, unit: string): string {
  if (value === undefined) return '–';
  return unit ? formatSI(value, unit, 4) : formatValue(value);
}

/** The HUD's lines (the page lays them out in columns above the field). */
/** Rates below 10 per second (software adapters) with one decimal, so they do not read as 0. */
function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : perSecond.toFixed(0);
}

/**
 * Electrodeposition (SI): where the deposit's tip is, how branched the front is (interface length per electrode
 * width in 2D, interface area per electrode area in 3D), and how fast Li deposits.
 */
function depositionLines(o: Observables | undefined, dims: number | undefined): string[] {
  const d = o?.deposition;
  return [
    `tip      x ${withUnit(d?.tipX, 'm')}   ${dims === 3 ? 'interface/area' : 'interface/width'} ${formatValue(d?.interfaceLengthPerWidth, 5)}${d?.shortCircuit ? '   short circuit: the tip reached the counter electrode, the run ends' : ''}`,
    `current  ${withUnit(d?.currentDensity, 'A/m²')}   deposited ${withUnit(d?.depositedLithium, 'mol/m²')}`,
  ];
}

export function hudLines(app: ViewportApp, now: number): string[] {
  const sim = app.sim;
  const o = sim?.latest;
  const units = sceneUnits(app.entry?.json);
  const grid = sim?.grid;
  const adapter = app.gpu.adapterInfo;
  const lines = [
    `scene    ${app.entry?.name ?? '–'}${grid ? `  (${grid.dims}D ${grid.shape.join('×')})` : ''}`,
    grid ? `domain   ${grid.size.map((s) => withUnit(s, units.length)).join(' × ')}` : '',
    `step     ${o?.step ?? 0}  (submitted ${app.stepsSubmitted})`,
    `time     ${withUnit(o?.time ?? 0, units.time)}   dt ${withUnit(o?.dt, units.time)}`,
    ...(sim?.model === 'electrodeposition' ? depositionLines(o, grid?.dims) : [`F        ${withUnit(o?.freeEnergy, units.energy)}   ⟨c⟩ ${formatValue(o?.cMean, 6)}`]),
    `steps/s  ${formatRate(app.stepRate.rate(now))}   frames/s ${formatRate(app.frameRate.rate(now))}`,
    `adapter  ${[adapter.vendor, adapter.architecture, adapter.device].filter(Boolean).join(' ')}${adapter.isSoftware ? ' (software)' : ''}`,
    app.finished ? '■ finished (end time reached)' : app.playing ? '▶ running' : '❚❚ paused',
  ];
  return lines.filter(Boolean);
}
