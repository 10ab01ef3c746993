/**
 * The live plots under the field. Always: free energy and concentration (mean, min, max) against time.
 * The others appear when the observables carry what they show: voltage against capacity for
 * electrochemical scenes (`voltage`, `capacity`; the solver reports voltage 0 for scenes without a
 * reaction, and a voltage vs Li/Li+ is never exactly 0), peak stresses against time for elastic ones
 * (`sigmaVmMax`, `sigma1Max`: NaN for records whose stress was not evaluated, always NaN without
 * elasticity), the tip position against time for electrodeposition (`deposition.tipX`). So the plot set
 * follows the scene without the viewport knowing its model.
 * The voltage curve marks the newest record with a ring: over cycles the curve retraces itself, and the
 * ring says where on it the field view's frame is (issue 19).
 */
import type { AppListener, SceneUnits } from './app.ts';
import type { Observables, SimulationModel } from './engine.ts';
import { TimeSeriesPlot, type PlotOptions } from './timeSeriesPlot.ts';

/** Observables as a bag of optional numbers: fields the solver may or may not report. */
function numberOf(o: Observables, key: string): number | undefined {
  const v = (o as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : undefined;
}

/** A plot shown only for scenes whose observables carry its fields. */
interface OptionalPlot {
  id: string;
  /** the canvas's accessible name */
  ariaLabel: string;
  /** Its x and y values from a record, or undefined when the record lacks what it shows. */
  options: (units: SceneUnits) => PlotOptions;
  sample: (o: Observables) => { x: number; ys: number[] } | undefined;
}

const OPTIONAL_PLOTS: readonly OptionalPlot[] = [
  {
    id: 'voltage',
    ariaLabel: 'Voltage versus capacity',
    options: () => ({
      title: 'Voltage',
      xLabel: 'capacity',
      yLabel: 'V [V]',
      series: [{ name: 'V vs Li/Li⁺', color: '#f6aea9' }],
      monotonicX: false,
      // the newest record, i.e. the state shown (a few steps behind it while running: readbacks lag)
      marker: true,
    }),
    sample: (o) => {
      const v = numberOf(o, 'voltage');
      const q = numberOf(o, 'capacity');
      return v === undefined || q === undefined || v === 0 || !Number.isFinite(v) ? undefined : { x: q, ys: [v] };
    },
  },
  {
    id: 'stress',
    ariaLabel: 'Peak stress versus time',
    options: (units) => ({
      title: 'Peak stress',
      xLabel: units.time ? `time [${units.time}]` : 'time',
      yLabel: units.length ? 'σ [MPa]' : 'σ',
      series: [
        { name: 'max σvM', color: '#fcad70' },
        { name: 'max σ1', color: '#ff8bcb', dashed: true },
      ],
    }),
    sample: (o) => {
      const vm = numberOf(o, 'sigmaVmMax');
      if (vm === undefined || !Number.isFinite(vm)) return undefined;
      const s1 = numberOf(o, 'sigma1Max') ?? Number.NaN;
      return { x: o.time, ys: [vm, s1] };
    },
  },
  {
    // electrodeposition: the deposit's tip against time, the first sign of a dendrite outrunning the electrode
    id: 'tip',
    ariaLabel: 'Tip position versus time',
    options: (units) => ({
      title: 'Tip position',
      xLabel: units.time ? `time [${units.time}]` : 'time',
      yLabel: 'x [µm]',
      series: [{ name: 'tip x', color: '#a8dab5' }],
    }),
    sample: (o) => (o.deposition ? { x: o.time, ys: [o.deposition.tipX * 1e6] } : undefined),
  },
];

export class ObservablePlots implements AppListener {
  readonly energy: TimeSeriesPlot;
  readonly concentration: TimeSeriesPlot;
  /** Optional plots of the current scene, by id ('voltage', 'stress'), created when first needed. */
  readonly optional = new Map<string, TimeSeriesPlot>();
  private units: SceneUnits = { length: '', time: '', energy: '' };

  constructor(
    energyCanvas: HTMLCanvasElement,
    concentrationCanvas: HTMLCanvasElement,
    /** The element the plot canvases live in; optional plots are added to it. */
    private readonly container: HTMLElement | null = energyCanvas.parentElement,
  ) {
    this.energy = new TimeSeriesPlot(energyCanvas, {
      title: 'Free energy',
      xLabel: 'time',
      yLabel: 'F',
      series: [
        { name: 'F', color: '#8ab4f8' },
        { name: 'bulk', color: '#c58af9', dashed: true },
        { name: 'gradient', color: '#78d9ec', dashed: true },
      ],
    });
    this.concentration = new TimeSeriesPlot(concentrationCanvas, {
      title: 'Concentration',
      xLabel: 'time',
      yLabel: 'c',
      series: [
        { name: '⟨c⟩', color: '#fdd663' },
        { name: 'min c', color: '#81c995', dashed: true },
        { name: 'max c', color: '#f28b82', dashed: true },
      ],
    });
  }

  /** Axis labels carry the scene's units when it has them, and c̃ (c(Li⁺)/c₀) for electrodeposition. */
  setUnits(units: SceneUnits, model?: SimulationModel): void {
    this.units = units;
    const t = units.time ? `time [${units.time}]` : 'time';
    this.energy.setAxisLabels(t, units.energy ? `F [${units.energy}]` : 'F');
    this.concentration.setAxisLabels(t, model === 'electrodeposition' ? 'c̃' : 'c');
  }

  sceneChanged(): void {
    this.energy.clear();
    this.concentration.clear();
    for (const plot of this.optional.values()) plot.canvas.remove();
    this.optional.clear();
  }

  observables(o: Observables): void {
    this.energy.push(o.time, [o.freeEnergy, o.bulkEnergy, o.gradientEnergy]);
    this.concentration.push(o.time, [o.cMean, o.cMin, o.cMax]);
    for (const spec of OPTIONAL_PLOTS) {
      const s = spec.sample(o);
      if (!s) continue;
      let plot = this.optional.get(spec.id);
      if (!plot) {
        const canvas = document.createElement('canvas');
        canvas.id = `plot-${spec.id}`;
        canvas.setAttribute('aria-label', spec.ariaLabel);
        this.container?.append(canvas);
        plot = new TimeSeriesPlot(canvas, spec.options(this.units));
        this.optional.set(spec.id, plot);
      }
      // Stresses come in Pa from SI scenes; the plot shows MPa.
      const ys = spec.id === 'stress' && this.units.length ? s.ys.map((v) => v / 1e6) : s.ys;
      plot.push(s.x, ys);
    }
  }

  draw(): void {
    this.energy.draw();
    this.concentration.draw();
    for (const plot of this.optional.values()) plot.draw();
  }
}
