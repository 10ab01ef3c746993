/**
 * `window.spinodeViewport`: a read-only view of the app's state for automation (the end-to-end tests,
 * scripted screenshots). It adds no behaviour; the tests drive the app through the real controls.
 */
import type { ViewportApp } from './app.ts';
import type { ObservablePlots } from './observablePlots.ts';
import type { ControlPanel } from './controlPanel.ts';

export interface ViewportState {
  ready: boolean;
  /** Set when the app could not start (no WebGPU, no adapter). */
  fatal?: string;
  adapter?: string;
  /** The device's maxStorageBufferBindingSize, bytes (proof of a real device with the engine's limits). */
  maxStorageBufferBindingSize?: number;
  scene?: string;
  dims?: number;
  shape?: number[];
  view?: string;
  playing?: boolean;
  stepsPerFrame?: number;
  autoStepsPerFrame?: boolean;
  /** A scene is being loaded (its GPU kernels compiled). */
  loading?: boolean;
  /** The scene reached its end time. */
  finished?: boolean;
  stepsSubmitted?: number;
  stepsCompleted?: number;
  observedStep?: number;
  time?: number;
  freeEnergy?: number;
  /** Current density of the newest record, A/m^2 (electrochemical scenes; NaN otherwise). */
  current?: number;
  /** Tip position of the newest record, m (electrodeposition scenes; undefined otherwise). */
  tipX?: number;
  frames?: number;
  stepsPerSecond?: number;
  framesPerSecond?: number;
  /** Points held by each plot: always energy and concentration, plus the optional plots the scene has ('voltage', 'stress'). */
  plotPoints?: Record<string, number>;
  quantity?: string;
  /** The quantities the scene offers (ids), from its simulation's fields. */
  quantities?: string[];
  fields?: string[];
  colourRange?: [number, number];
  /** The displayed field's measured min, max and mean. */
  fieldRange?: { min: number; max: number; mean: number };
  link?: string;
  gpuError?: string;
  recording?: boolean;
  /** Why the Record button cannot record here, when it cannot. */
  videoUnavailable?: string;
  lastRecording?: { container: string; codec: string; frames: number; seconds: number; bytes: number };
}

export interface ViewportHook {
  state(): ViewportState;
}

declare global {
  interface Window {
    spinodeViewport?: ViewportHook;
  }
}

export function installFatalHook(message: string): void {
  window.spinodeViewport = { state: () => ({ ready: false, fatal: message }) };
}

/** Installed as soon as the device and renderer exist (before the first scene's kernels compile). */
export function installHook(app: ViewportApp, plots: ObservablePlots, panel: ControlPanel): void {
  window.spinodeViewport = {
    state(): ViewportState {
      const now = performance.now();
      const sim = app.sim;
      const a = app.gpu.adapterInfo;
      return {
        ready: sim !== undefined,
        adapter: [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' '),
        maxStorageBufferBindingSize: app.gpu.limits.maxStorageBufferBindingSize,
        scene: app.entry?.name,
        dims: sim?.grid.dims,
        shape: sim ? [...sim.grid.shape] : undefined,
        view: app.view?.kind,
        playing: app.playing,
        stepsPerFrame: app.stepsPerFrame,
        autoStepsPerFrame: app.autoStepsPerFrame,
        loading: panel.loading,
        finished: app.finished,
        stepsSubmitted: app.stepsSubmitted,
        stepsCompleted: app.stepsCompleted,
        observedStep: sim?.latest?.step,
        time: sim?.latest?.time,
        freeEnergy: sim?.latest?.freeEnergy,
        current: sim?.latest?.current,
        tipX: sim?.latest?.deposition?.tipX,
        frames: app.frames,
        stepsPerSecond: app.stepRate.rate(now),
        framesPerSecond: app.frameRate.rate(now),
        plotPoints: {
          energy: plots.energy.pointCount,
          concentration: plots.concentration.pointCount,
          ...Object.fromEntries([...plots.optional].map(([id, plot]) => [id, plot.pointCount])),
        },
        quantity: app.quantity.id,
        quantities: app.quantities.map((q) => q.id),
        fields: sim?.fieldNames(),
        colourRange: [...app.colorbarContent().range] as [number, number],
        fieldRange: app.measuredRange,
        link: panel.link(),
        gpuError: app.gpuError,
        recording: panel.recording,
        videoUnavailable: panel.videoUnavailable,
        lastRecording: panel.lastRecording,
      };
    },
  };
}
