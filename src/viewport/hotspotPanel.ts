/**
 * The collapsible "Hot spots" panel (issue #10), shown for scenes with a strength criterion
 * (model.elasticity.strength, or a matrix's own, model.elasticity.matrix.strength): a toggle for the
 * overlay on the current view (hotspotOverlay.ts), the list of regions (largest peak first, each in one
 * phase: the particle or the electrolyte, src/analysis/phaseStrength.ts) whose buttons move the camera to
 * a region, and a plot of the peak criterion stress against the strengths over time.
 *
 * Regions come from a read-back of the `hotspot` indicator and the criterion stress every
 * REFRESH_MS while the panel is open: a few-seconds-old picture is enough for a list, and the frame loop
 * never waits for it (the read-back is asynchronous). The plot uses the observables the step loop already
 * reads back (sigma1Max every output.stressEvery steps).
 */
import type { AppListener, ViewportApp } from './app.ts';
import { elasticIndicator, Simulation, type Observables } from './engine.ts';
import { cellPhases, criterionStress, hasStrength, phaseStrengths, type PhaseStrengths } from '../analysis/phaseStrength.ts';
import { HotspotOverlay } from './hotspotOverlay.ts';
import { describeRegion, regionFocus, ViewportHotspots, type ViewportRegion } from './hotspotRegions.ts';
import { TimeSeriesPlot } from './timeSeriesPlot.ts';

const REFRESH_MS = 3000;

/** The part of a view the panel moves: OrbitControls-style target and the camera. */
interface Focusable {
  camera: { position: { x: number; y: number; z: number; set(x: number, y: number, z: number): unknown }; zoom?: number; updateProjectionMatrix?(): void };
  controls?: { target: { x: number; y: number; z: number; set(x: number, y: number, z: number): unknown }; update(): unknown };
  onCameraChange: (() => void) | null;
}

export class HotspotPanel implements AppListener {
  readonly element: HTMLDetailsElement;
  private readonly list: HTMLOListElement;
  private readonly status: HTMLElement;
  private readonly overlayToggle: HTMLInputElement;
  private readonly plot: TimeSeriesPlot;
  private readonly overlay = new HotspotOverlay();
  private tracker: ViewportHotspots | undefined;
  private regions: ViewportRegion[] = [];
  private indicator: Float32Array | undefined;
  /** 1 particle / 0 matrix per cell of a particle in a matrix (regions stay within one phase) */
  private phases: Uint8Array | undefined;
  private shownOn: unknown;
  private reading = false;
  private si = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly app: ViewportApp,
    container: HTMLElement,
  ) {
    const details = document.createElement('details');
    details.id = 'hotspot-panel';
    const head = document.createElement('summary');
    head.textContent = 'Hot spots';
    this.status = document.createElement('p');
    this.status.id = 'hotspot-status';
    this.status.style.cssText = 'font: 11px/1.35 ui-monospace, monospace; margin: 4px 0;';
    this.overlayToggle = document.createElement('input');
    this.overlayToggle.type = 'checkbox';
    this.overlayToggle.id = 'hotspot-overlay';
    this.overlayToggle.checked = true;
    const toggle = document.createElement('label');
    toggle.append(this.overlayToggle, ' overlay on the view');
    this.overlayToggle.addEventListener('change', () => this.redrawOverlay(true));
    this.list = document.createElement('ol');
    this.list.id = 'hotspot-regions';
    this.list.style.cssText = 'font: 11px/1.35 ui-monospace, monospace; padding-left: 0; list-style: none; max-height: 140px; overflow-y: auto; margin: 4px 0;';
    const canvas = document.createElement('canvas');
    canvas.id = 'hotspot-plot';
    canvas.setAttribute('aria-label', 'Peak tensile stress against the strength');
    canvas.style.cssText = 'width: 100%; height: 140px; display: block; background: #1b1c1e;';
    this.plot = new TimeSeriesPlot(canvas, {
      title: 'Peak stress vs strength',
      xLabel: 'time',
      yLabel: 'σ',
      series: [
        { name: 'max σ', color: '#ff8bcb' },
        { name: 'strength', color: '#fdd663', dashed: true },
        { name: 'electrolyte strength', color: '#81c995', dashed: true },
      ],
    });
    details.append(head, this.status, toggle, this.list, canvas);
    details.addEventListener('toggle', () => {
      if (details.open) void this.refresh();
      else this.overlay.clear();
      this.app.requestRender();
    });
    this.element = details;
    const section = document.createElement('section');
    section.append(details);
    container.append(section);
    app.addListener(this);
    this.sceneChanged();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  /** the current scene's Cahn-Hilliard simulation (hot spots are a stress criterion of that family; none for other models) */
  private get sim(): Simulation | undefined {
    return this.app.sim instanceof Simulation ? this.app.sim : undefined;
  }

  /** the criteria of the scene's phases (the particle's, and a matrix's own) */
  private get strengths(): PhaseStrengths {
    return phaseStrengths(this.sim?.spec.elasticity);
  }

  sceneChanged(): void {
    const sim = this.sim;
    this.si = sim?.spec.scene.units === 'SI';
    const strengths = this.strengths;
    const active = hasStrength(strengths);
    this.phases = sim?.spec.elasticity?.matrixStiffness ? cellPhases(elasticIndicator(sim.spec)!) : undefined;
    this.tracker = sim && active ? new ViewportHotspots(sim.spec.shape, sim.spec.spacing, this.phases) : undefined;
    this.regions = [];
    this.indicator = undefined;
    this.overlay.clear();
    this.plot.clear();
    const unit = this.si ? ' [MPa]' : '';
    const vonMises = (strengths.particle ?? strengths.matrix)?.kind === 'vonMises';
    this.plot.setAxisLabels(this.si ? 'time [s]' : 'time', `${vonMises ? 'σvM' : 'σ1'}${unit}`);
    this.element.hidden = !active;
    const describe = (s: NonNullable<PhaseStrengths['particle']>) =>
      `${s.kind === 'vonMises' ? 'von Mises σvM' : 'max principal σ1'} > ${this.si ? `${(s.value / 1e6).toPrecision(4)} MPa` : s.value.toPrecision(4)}`;
    const parts = this.phases
      ? [`particle: ${strengths.particle ? describe(strengths.particle) : 'none'}`, `electrolyte: ${strengths.matrix ? describe(strengths.matrix) : 'none'}`]
      : strengths.particle
        ? [`criterion: ${describe(strengths.particle)}`]
        : [];
    this.status.textContent = active ? parts.join('; ') : 'this scene has no strength criterion (model.elasticity.strength)';
    this.renderList();
  }

  observables(o: Observables): void {
    const { particle, matrix } = this.strengths;
    const first = particle ?? matrix;
    if (!first) return;
    const peak = first.kind === 'vonMises' ? o.sigmaVmMax : o.sigma1Max;
    if (!Number.isFinite(peak)) return;
    const scale = this.si ? 1e-6 : 1;
    this.plot.push(o.time, [peak * scale, (particle?.value ?? NaN) * scale, (matrix?.value ?? NaN) * scale]);
    if (this.element.open) this.plot.draw();
  }

  /** Read the indicator back and rebuild the list and overlay (skipped while closed or already reading). */
  async refresh(): Promise<void> {
    const sim = this.sim;
    const strengths = this.strengths;
    if (!sim || !this.tracker || !this.element.open || this.reading) return;
    this.reading = true;
    try {
      const tracker = this.tracker;
      const time = sim.latest?.time ?? 0;
      const indicator = await sim.readField('hotspot');
      const sigma1 = await sim.readField('sigma_1');
      const vonMises = strengths.particle?.kind === 'vonMises' || strengths.matrix?.kind === 'vonMises';
      const stress = criterionStress(sigma1, vonMises ? await sim.readField('sigma_vm') : undefined, strengths, this.phases);
      if (sim !== this.sim || tracker !== this.tracker) return;
      this.regions = tracker.update(indicator, stress, time);
      this.indicator = indicator;
      this.renderList();
      this.redrawOverlay(true);
    } finally {
      this.reading = false;
    }
  }

  private renderList(): void {
    this.list.replaceChildren();
    if (this.regions.length === 0) {
      const item = document.createElement('li');
      item.textContent = this.tracker ? 'no hot spot' : '';
      this.list.append(item);
      return;
    }
    for (const region of this.regions) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'hotspot-region';
      button.dataset.region = String(region.id);
      button.textContent = describeRegion(region, this.si, this.phases !== undefined);
      button.title = 'centre the view on this region';
      button.addEventListener('click', () => this.focus(region));
      item.append(button);
      this.list.append(item);
    }
  }

  /** Put the overlay on the current view (again, when the view was rebuilt for another field). */
  private redrawOverlay(force = false): void {
    const sim = this.sim;
    const view = this.app.view;
    if (!sim || !view || !this.indicator || !this.overlayToggle.checked || !this.element.open) {
      this.overlay.clear();
      this.app.requestRender();
      return;
    }
    if (!force && this.shownOn === view) return;
    this.overlay.show(view.scene, this.indicator, this.regions, sim.spec.shape, sim.spec.size);
    this.shownOn = view;
    this.app.requestRender();
  }

  /** Centre the camera on a region (2D: pan and zoom to it; 3D: orbit target on it, slices through its peak). */
  focus(region: ViewportRegion): void {
    const sim = this.sim;
    const view = this.app.view as unknown as Focusable | undefined;
    if (!sim || !view) return;
    const { shape, size } = sim.spec;
    const { center, span } = regionFocus(region, shape, size);
    const controls = view.controls;
    const camera = view.camera;
    if (controls) {
      const offset = [camera.position.x - controls.target.x, camera.position.y - controls.target.y, camera.position.z - controls.target.z];
      controls.target.set(...center);
      camera.position.set(center[0] + offset[0], center[1] + offset[1], center[2] + offset[2]);
    } else {
      camera.position.set(center[0], center[1], camera.position.z);
    }
    if (shape.length === 2 && camera.zoom !== undefined) {
      // the region fills about a third of the view's height
      camera.zoom = Math.min(12, Math.max(1, 0.35 / Math.max(span, 1e-6)));
      camera.updateProjectionMatrix?.();
    } else if (shape.length === 3) {
      const nx = shape[0];
      const ny = shape[1];
      const cell = [region.peakCell % nx, Math.floor(region.peakCell / nx) % ny, Math.floor(region.peakCell / (nx * ny))];
      cell.forEach((index, axis) => this.app.setSlice(axis, index));
    }
    controls?.update();
    view.onCameraChange?.();
    this.redrawOverlay(true);
  }

  dispose(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.overlay.dispose();
  }
}
