/** The live plots beside the field: free energy and concentration (mean, min, max) against time. */
import type { AppListener, SceneUnits } from './app.ts';
import type { Observables } from './engine.ts';
import { TimeSeriesPlot } from './timeSeriesPlot.ts';

export class ObservablePlots implements AppListener {
  readonly energy: TimeSeriesPlot;
  readonly concentration: TimeSeriesPlot;

  constructor(energyCanvas: HTMLCanvasElement, concentrationCanvas: HTMLCanvasElement) {
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

  /** Axis labels carry the scene's units when it has them. */
  setUnits(units: SceneUnits): void {
    const t = units.time ? `time [${units.time}]` : 'time';
    this.energy.setAxisLabels(t, units.energy ? `F [${units.energy}]` : 'F');
    this.concentration.setAxisLabels(t, 'c');
  }

  sceneChanged(): void {
    this.energy.clear();
    this.concentration.clear();
  }

  observables(o: Observables): void {
    this.energy.push(o.time, [o.freeEnergy, o.bulkEnergy, o.gradientEnergy]);
    this.concentration.push(o.time, [o.cMean, o.cMin, o.cMax]);
  }

  draw(): void {
    this.energy.draw();
    this.concentration.draw();
  }
}
