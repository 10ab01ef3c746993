/**
 * The viewport application: one WebGPU device shared by the simulation and the three.js renderer, a
 * frame loop that advances the simulation, colorizes the field on the GPU and renders, and the state
 * the panel, HUD and plots show.
 *
 * Per frame nothing crosses from GPU to CPU except the small asynchronous readbacks (observables,
 * the displayed field's range). Flow control instead of waiting: at most MAX_FRAMES_IN_FLIGHT frames
 * of GPU work are queued; while the GPU is behind, a frame submits nothing (the software adapter is
 * slower than the display, and an unbounded queue would make the controls lag).
 */
import { WebGPURenderer } from 'three/webgpu';
import type { GpuContext } from '../gpu/device.ts';
import { FieldReducer } from '../gpu/reduction.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { FieldColorizer } from './fieldColorizer.ts';
import { FieldRange } from './fieldRange.ts';
import { colourMapping, DISPLAY_QUANTITIES, displayUnit, quantitiesFor, type DisplayQuantity, type RangeMode } from './displayQuantity.ts';
import { DISPLAY_COLOR_SPACE, type FieldView, type ViewSettings } from './fieldView.ts';
import { PlaneView } from './planeView.ts';
import { VolumeView, type VolumeMode } from './volumeView.ts';
import { IsosurfaceCaster } from './isosurfaceCaster.ts';
import { VolumeRenderer } from './volumeRenderer.ts';
import { RateMeter } from './rateMeter.ts';
import { StepBudget } from './stepBudget.ts';
import { createSceneSimulation, resolveSceneModel, type FieldName, type Observables, type SceneSimulation } from './engine.ts';
import type { ColorbarContent } from './colorbar.ts';

const MAX_FRAMES_IN_FLIGHT = 2;
/**
 * Largest side of a field image in texels. Software adapters colorize about 3 Mtexel/s (SwiftShader in
 * Chromium, measured), so they get smaller images (fewer texels per cell) to keep the frame rate up.
 */
const IMAGE_TEXELS = { hardware: 1024, software: 256 };
/** Display colour of the 3D iso-surface: a light warm grey that no colormap end is mistaken for. */
const ISO_SURFACE_COLOR = [0.93, 0.87, 0.74, 1];
/** Contour width in image texels (the images hold 1-4 texels per cell). */
const CONTOUR_WIDTH_TEXELS = 1.5;
/** The particle outline (psi = 1/2): orange, on neither colormap, drawn a little wider than the c contour. */
const OUTLINE = { level: 0.5, widthTexels: 2, color: [1, 0.55, 0.1, 1] } as const;

export interface SceneEntry {
  name: string;
  description: string;
  json: unknown;
  /** True for an unmodified bundled scene (then a link can name it instead of embedding it). */
  bundled: boolean;
}

/** Units of the scene's numbers, from its "units" field (DESIGN 4.3). */
export interface SceneUnits {
  length: string;
  time: string;
  energy: string;
}

export function sceneUnits(json: unknown): SceneUnits {
  const scene = json as { units?: unknown; grid?: { cells?: unknown } } | null;
  if (scene?.units !== 'SI') return { length: '', time: '', energy: '' };
  // A 2D run is a section of unit thickness: its energies are per metre of depth.
  const dims = Array.isArray(scene.grid?.cells) ? scene.grid.cells.length : 3;
  return { length: 'm', time: 's', energy: dims === 2 ? 'J/m' : 'J' };
}

export interface AppListener {
  /** Scene loaded or reset: plots must be cleared. */
  sceneChanged(): void;
  observables(o: Observables): void;
}

export class ViewportApp {
  readonly renderer: WebGPURenderer;
  entry: SceneEntry | undefined;
  sim: SceneSimulation | undefined;
  view: FieldView | undefined;
  playing = false;
  stepsPerFrame = 1;
  /** Choose steps per frame from a GPU-time budget (StepBudget) instead of a fixed number. */
  autoStepsPerFrame = true;
  private readonly stepBudget = new StepBudget();
  private lastWorkDoneAt = 0;
  quantity: DisplayQuantity = DISPLAY_QUANTITIES[0];
  /** The quantities the current scene offers (from sim.fieldNames()). */
  quantities: readonly DisplayQuantity[] = DISPLAY_QUANTITIES;
  /** Called right after every render, in the same task (a WebGPU canvas can be read only then). */
  onRendered: ((now: number) => void) | null = null;
  /** Render every animation frame even when nothing changed (while recording a video). */
  continuousRender = false;
  rangeMode: RangeMode = 'auto';
  contour = true;
  volumeMode: VolumeMode = 'slices';
  /** Steps handed to the simulation / known to be finished on the GPU, since the scene was loaded. */
  stepsSubmitted = 0;
  stepsCompleted = 0;
  /** Animation-frame callbacks so far (drawn or not). */
  frames = 0;
  readonly stepRate = new RateMeter();
  /** Frames actually drawn (a frame is skipped while the GPU is behind or nothing changed). */
  readonly frameRate = new RateMeter();
  /** Last GPU error reported by the device, if any. */
  gpuError: string | undefined;
  private readonly cache: PipelineCache;
  private readonly colorizer: FieldColorizer;
  private readonly caster: IsosurfaceCaster;
  private readonly volumeRenderer: VolumeRenderer;
  /** The GPU buffer the view and the range reduction read (the simulation's, for the shown field). */
  private fieldBuffer: GPUBuffer | undefined;
  /** The particle indicator psi, when the scene has one: its 1/2 iso-line outlines the particle. */
  private outlineBuffer: GPUBuffer | undefined;
  /** Draw the particle outline (scenes with psi). */
  outline = true;
  private readonly reducer: FieldReducer;
  private range: FieldRange | undefined;
  private readonly listeners: AppListener[] = [];
  private generation = 0;
  private inFlight = 0;
  private pendingSteps = 0;
  private fieldDirty = true;
  private settingsDirty = true;
  private needsRender = true;
  private lastRangeVersion = -1;
  private running = false;
  private width = 1;
  private height = 1;

  private constructor(
    readonly gpu: GpuContext,
    readonly canvas: HTMLCanvasElement,
    renderer: WebGPURenderer,
  ) {
    this.renderer = renderer;
    this.cache = new PipelineCache(gpu.device); // shared by the simulations and the views: scene switches reuse pipelines
    this.colorizer = new FieldColorizer(gpu, this.cache);
    this.caster = new IsosurfaceCaster(this.colorizer, this.cache);
    this.volumeRenderer = new VolumeRenderer(this.colorizer, this.cache);
    this.reducer = new FieldReducer(gpu, this.cache);
    // three sets device.onuncapturederror for its own reporting; ours is a listener beside it.
    gpu.device.addEventListener('uncapturederror', (event) => {
      this.gpuError = (event as GPUUncapturedErrorEvent).error.message;
      console.error(`GPU error: ${this.gpuError}`);
    });
  }

  static async create(gpu: GpuContext, canvas: HTMLCanvasElement): Promise<ViewportApp> {
    const renderer = new WebGPURenderer({ canvas, device: gpu.device, antialias: false });
    renderer.outputColorSpace = DISPLAY_COLOR_SPACE;
    await renderer.init();
    return new ViewportApp(gpu, canvas, renderer);
  }

  addListener(listener: AppListener): void {
    this.listeners.push(listener);
  }

  /** Validate and start a scene; on a scene error the current scene keeps running and the error is thrown. */
  async loadScene(entry: SceneEntry): Promise<void> {
    // the model's own schema and simulation (Cahn-Hilliard family or electrodeposition)
    const resolved = resolveSceneModel(entry.json);
    const generation = ++this.generation;
    const sim = await createSceneSimulation(this.gpu, resolved, { cache: this.cache });
    if (generation !== this.generation) {
      sim.dispose();
      return;
    }
    this.disposeScene();
    this.entry = entry;
    this.sim = sim;
    this.quantities = quantitiesFor(sim.fieldNames(), { si: sceneUnits(entry.json).length !== '', model: sim.model });
    this.quantity = this.quantities.find((q) => q.id === this.quantity.id) ?? this.quantities[0];
    this.outlineBuffer = sim.fieldNames().includes('psi') ? this.fieldBufferOf('psi') : undefined;
    this.buildView(this.fieldBufferOf(this.quantity.field));
    this.restartCounters();
    sim.onObservables((o) => {
      if (sim !== this.sim) return;
      for (const l of this.listeners) l.observables(o);
    });
  }

  /**
   * The buffer holding `field`: the concentration buffer itself, or a derived field's buffer, computed
   * now from the current state (the frame loop recomputes it after steps).
   */
  private fieldBufferOf(field: FieldName): GPUBuffer {
    const sim = this.sim;
    if (!sim) throw new Error('no scene');
    const encoder = this.gpu.device.createCommandEncoder({ label: `Viewport.encodeField.${field}` });
    const buffer = sim.encodeField(encoder, field);
    this.gpu.device.queue.submit([encoder.finish()]);
    return buffer;
  }

  /** (Re)build the view and the range reduction over `field`, keeping the 3D camera and slices of the view it replaces. */
  private buildView(field: GPUBuffer): void {
    const sim = this.sim;
    const entry = this.entry;
    if (!sim || !entry) return;
    const previous = this.view;
    const label = `Viewport.${entry.name}`;
    // psi is static (the particle's shape); its buffer is computed once per scene. Showing psi itself needs no outline.
    const outline = this.outlineBuffer !== field ? this.outlineBuffer : undefined;
    const view =
      sim.grid.dims === 3
        ? new VolumeView(this.colorizer, this.caster, this.volumeRenderer, field, sim.grid.shape, sim.grid.size, this.canvas, label, { slice: this.imageTexels / 2, isosurface: this.imageTexels }, outline)
        : new PlaneView(this.colorizer, field, sim.grid.shape, sim.grid.size, this.canvas, label, this.imageTexels, outline);
    if (view instanceof VolumeView && previous instanceof VolumeView) view.copyStateFrom(previous);
    previous?.dispose();
    this.range?.dispose();
    this.view = view;
    this.fieldBuffer = field;
    view.onCameraChange = () => (this.needsRender = true);
    view.setSize(this.width, this.height);
    if (view instanceof VolumeView) view.setMode(this.volumeMode);
    this.range = new FieldRange(this.gpu, this.reducer, field, sim.grid.cellCount, label);
    this.lastRangeVersion = -1;
    this.fieldDirty = true;
    this.needsRender = true;
  }

  private restartCounters(): void {
    this.lastRangeVersion = -1;
    this.stepsSubmitted = 0;
    this.stepsCompleted = 0;
    this.pendingSteps = 0;
    this.stepRate.reset();
    this.stepBudget.reset();
    if (this.autoStepsPerFrame) this.stepsPerFrame = 1;
    this.fieldDirty = true;
    this.needsRender = true;
    for (const l of this.listeners) l.sceneChanged();
  }

  private get imageTexels(): number {
    return this.gpu.adapterInfo.isSoftware ? IMAGE_TEXELS.software : IMAGE_TEXELS.hardware;
  }

  /** Start the current scene again from its initial condition (same GPU objects, no recompilation). */
  async reset(): Promise<void> {
    const sim = this.sim;
    if (!sim) return;
    await sim.settle(); // readbacks still in flight belong to the old run
    if (sim !== this.sim) return;
    this.generation++;
    sim.reset();
    this.restartCounters();
  }

  /** True when the scene reached its end time (the run stops there). */
  get finished(): boolean {
    return this.sim?.finished ?? false;
  }

  /** A fixed number of steps per frame (turns the automatic choice off). */
  setStepsPerFrame(steps: number): void {
    this.autoStepsPerFrame = false;
    this.stepsPerFrame = Math.max(1, Math.min(10000, Math.round(steps)));
  }

  setAutoStepsPerFrame(on: boolean): void {
    this.autoStepsPerFrame = on;
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /** Queue `steps` time steps (used by the single-step button; works while paused). */
  step(steps = 1): void {
    this.pendingSteps += steps;
  }

  /** Show quantity `id` of the current scene (false when the scene has no such quantity). */
  setQuantity(id: string): boolean {
    const q = this.quantities.find((x) => x.id === id);
    if (!q) return false;
    const fieldChanged = q.field !== this.quantity.field;
    this.quantity = q;
    if (fieldChanged && this.sim) this.buildView(this.fieldBufferOf(q.field));
    this.settingsDirty = true;
    return true;
  }

  setRangeMode(mode: RangeMode): void {
    this.rangeMode = mode;
    this.settingsDirty = true;
  }

  setContour(on: boolean): void {
    this.contour = on;
    this.settingsDirty = true;
  }

  /** True when the scene has a particle indicator, whose outline can be drawn. */
  get hasOutline(): boolean {
    return this.outlineBuffer !== undefined;
  }

  setOutline(on: boolean): void {
    this.outline = on;
    this.settingsDirty = true;
  }

  /** 3D scenes: slices, iso-surface or volume rendering (kept across scene changes). */
  setVolumeMode(mode: VolumeMode): void {
    this.volumeMode = mode;
    if (this.view instanceof VolumeView) {
      this.view.setMode(mode);
      this.settingsDirty = true;
    }
  }

  /** Move the 3D slice normal to `axis` (no effect in 2D). */
  setSlice(axis: number, index: number): void {
    if (this.view instanceof VolumeView) {
      this.view.setSlice(axis, index);
      this.settingsDirty = true;
    }
  }

  setSize(width: number, height: number, pixelRatio: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.renderer.setPixelRatio(pixelRatio);
    this.renderer.setSize(this.width, this.height, false);
    this.view?.setSize(this.width, this.height);
    this.needsRender = true;
  }

  /** The displayed field's latest measured min, max and mean (undefined until the first readback). */
  get measuredRange(): { min: number; max: number; mean: number } | undefined {
    return this.range?.latest;
  }

  /** What the colorbar shows for the current quantity and range. */
  colorbarContent(): ColorbarContent {
    const m = colourMapping(this.quantity, this.range?.latest, this.rangeMode);
    const { unit, scale } = displayUnit(this.quantity, m.range);
    return { colormap: this.quantity.colormap, range: [m.range[0] / scale, m.range[1] / scale], label: this.quantity.label, unit };
  }

  viewSettings(): ViewSettings {
    const m = colourMapping(this.quantity, this.range?.latest, this.rangeMode);
    const level = this.quantity.contourLevel;
    return {
      isoLevel: level ?? m.offset + (m.range[0] + m.range[1]) / 2,
      isoColor: ISO_SURFACE_COLOR,
      colormap: this.quantity.colormap,
      signed: this.quantity.signed,
      range: m.range,
      offset: m.offset,
      contour: this.contour && level !== undefined ? { level, widthTexels: CONTOUR_WIDTH_TEXELS, color: this.quantity.contourColor } : null,
      outline: this.outline ? OUTLINE : null,
    };
  }

  /** Start the requestAnimationFrame loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = (now: number) => {
      if (!this.running) return;
      this.frame(now);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  stop(): void {
    this.running = false;
  }

  /** Render the current state now (used right before reading the canvas for a screenshot). */
  renderNow(): void {
    this.view?.render(this.renderer);
  }

  /** Render on the next frame even if nothing changed. */
  requestRender(): void {
    this.needsRender = true;
  }

  /** One frame: advance, colorize and render as needed, never waiting for the GPU. */
  frame(now: number): void {
    this.frames++;
    const sim = this.sim;
    const view = this.view;
    const range = this.range;
    if (!sim || !view || !range) return;
    if (this.inFlight >= MAX_FRAMES_IN_FLIGHT) return;

    if (sim.finished) this.playing = false;
    const steps = sim.finished ? 0 : (this.playing ? this.stepsPerFrame : 0) + this.pendingSteps;
    this.pendingSteps = 0;
    if (steps > 0) {
      sim.advance(steps);
      this.stepsSubmitted += steps;
      this.fieldDirty = true;
    }
    if (range.version !== this.lastRangeVersion) {
      this.lastRangeVersion = range.version;
      this.settingsDirty = true;
    }
    let submitted = steps > 0;
    let rebuilt = false;
    if (this.fieldDirty && this.quantity.field !== 'c') {
      // A derived field (mu, stresses, ...) is recomputed from the new state before it is colorized
      // (queue order: this submit precedes the colorize pass below).
      const encoder = this.gpu.device.createCommandEncoder({ label: 'Viewport.encodeField' });
      const buffer = sim.encodeField(encoder, this.quantity.field);
      this.gpu.device.queue.submit([encoder.finish()]);
      submitted = true;
      if (buffer !== this.fieldBuffer) {
        // The simulation handed out a new buffer: rebuild the view around it; it is colorized next frame.
        this.buildView(buffer);
        rebuilt = true;
      }
    }
    if (!rebuilt && (this.fieldDirty || this.settingsDirty || view.stale)) {
      const encoder = this.gpu.device.createCommandEncoder({ label: 'Viewport.colorize' });
      const pass = encoder.beginComputePass({ label: 'Viewport.colorizePass' });
      if (this.fieldDirty) range.encode(pass);
      view.encode(pass, this.viewSettings());
      pass.end();
      if (this.fieldDirty) range.requestReadback(encoder);
      this.gpu.device.queue.submit([encoder.finish()]);
      range.submitted();
      this.fieldDirty = false;
      this.settingsDirty = false;
      this.needsRender = true;
      submitted = true;
    }
    if (!rebuilt && (this.needsRender || this.continuousRender)) {
      view.render(this.renderer);
      this.onRendered?.(now);
      this.frameRate.add(1, now);
      this.needsRender = false;
      submitted = true;
    }
    if (submitted) {
      const generation = this.generation;
      const submittedAt = performance.now();
      this.inFlight++;
      this.gpu.device.queue.onSubmittedWorkDone().then(
        () => {
          this.inFlight--;
          const now = performance.now();
          // The queue runs frames one after another: this frame's work started when the previous one ended.
          const gpuMs = now - Math.max(submittedAt, this.lastWorkDoneAt);
          this.lastWorkDoneAt = now;
          if (generation !== this.generation || steps === 0) return;
          this.stepsCompleted += steps;
          this.stepRate.add(steps, now);
          if (this.autoStepsPerFrame && this.playing) {
            this.stepBudget.record(steps, gpuMs);
            this.stepsPerFrame = this.stepBudget.next(this.stepsPerFrame);
          }
        },
        () => this.inFlight--,
      );
    }
  }

  private disposeScene(): void {
    this.view?.dispose();
    this.range?.dispose();
    this.sim?.dispose();
    this.view = undefined;
    this.range = undefined;
    this.sim = undefined;
    this.fieldBuffer = undefined;
    this.outlineBuffer = undefined;
  }

  dispose(): void {
    this.stop();
    this.disposeScene();
    this.colorizer.dispose();
    this.renderer.dispose();
  }
}
