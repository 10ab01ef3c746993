/**
 * The control panel: scene picker, run controls, view settings, exports and scene files. It turns DOM
 * events into ViewportApp calls, keeps the URL fragment in step with what is shown, and reports
 * problems (scene errors listed by path) in the message box.
 */
import type { SceneEntry, ViewportApp } from './app.ts';
import { sceneUnits } from './app.ts';
import type { RangeMode } from './displayQuantity.ts';
import { composeScreenshot, downloadBlob, fileStem, jsonBlob } from './exporters.ts';
import { encodeLinkFragment } from './sceneLink.ts';
import { VolumeView, type VolumeMode } from './volumeView.ts';
import type { ObservablePlots } from './observablePlots.ts';
import type { Colorbar } from './colorbar.ts';
import { hudLines } from './hud.ts';
import { VideoRecorder, chooseVideoFormat } from './videoRecorder.ts';
import { SceneError } from './engine.ts';
import { ParameterPanel, type ModifiedScene } from './parameterPanel.ts';
import { modifiedName } from './sceneParameters.ts';

function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`index.html has no element #${id}`);
  return e as T;
}

/** A readable message for an error thrown while loading a scene. */
export function describeError(e: unknown): string {
  if (e instanceof SceneError) return `The scene is not valid:\n${e.problems.map((p) => `• ${p}`).join('\n')}`;
  return e instanceof Error ? e.message : String(e);
}

export class ControlPanel {
  private readonly sceneSelect = element<HTMLSelectElement>('scene-select');
  private readonly description = element<HTMLElement>('scene-description');
  private readonly playButton = element<HTMLButtonElement>('btn-play');
  private readonly stepsInput = element<HTMLInputElement>('steps-per-frame');
  private readonly stepsAuto = element<HTMLInputElement>('steps-auto');
  private readonly quantitySelect = element<HTMLSelectElement>('quantity-select');
  private readonly rangeSelect = element<HTMLSelectElement>('range-mode');
  private readonly contourBox = element<HTMLInputElement>('contour');
  private readonly outlineBox = element<HTMLInputElement>('outline');
  private readonly slices = element<HTMLFieldSetElement>('slices');
  private readonly sliceControls = element<HTMLElement>('slice-controls');
  private readonly volumeModeSelect = element<HTMLSelectElement>('volume-mode');
  private readonly linkOutput = element<HTMLInputElement>('link-output');
  private readonly sceneJson = element<HTMLTextAreaElement>('scene-json');
  private readonly hud = element<HTMLElement>('hud');
  private readonly recordButton = element<HTMLButtonElement>('btn-record');
  private recorder: VideoRecorder | undefined;
  /** Why video recording is not available here (no WebCodecs or no codec), once probed. */
  videoUnavailable: string | undefined;
  /** Last finished recording, for automation: format, frames, seconds, bytes. */
  lastRecording: { container: string; codec: string; frames: number; seconds: number; bytes: number } | undefined;
  private readonly message = element<HTMLElement>('message');
  private readonly messageText = element<HTMLElement>('message-text');
  private custom: SceneEntry | undefined;
  /** The scene as loaded (bundled, file or edited JSON), before any change in the parameter panel. */
  private parameterBase: SceneEntry | undefined;
  private readonly parameters: ParameterPanel;
  /** True while a scene is being loaded (its kernels compiled). */
  loading = false;

  constructor(
    private readonly app: ViewportApp,
    private readonly scenes: readonly SceneEntry[],
    private readonly plots: ObservablePlots,
    private readonly colorbar: Colorbar,
  ) {
    this.parameters = new ParameterPanel(
      element('parameter-fields'),
      element<HTMLButtonElement>('btn-apply-parameters'),
      (modified) => void this.loadModified(modified),
      (message) => this.showMessage(message),
    );
    this.fillSelects();
    this.playButton.addEventListener('click', () => this.togglePlay());
    element('btn-step').addEventListener('click', () => app.step(1));
    element('btn-reset').addEventListener('click', () => void this.run(() => app.reset()));
    this.stepsInput.addEventListener('change', () => this.setStepsPerFrame(Number(this.stepsInput.value)));
    this.stepsAuto.addEventListener('change', () => this.setStepsPerFrame(this.stepsAuto.checked ? 'auto' : app.stepsPerFrame));
    this.sceneSelect.addEventListener('change', () => void this.selectScene(this.sceneSelect.value));
    this.quantitySelect.addEventListener('change', () => {
      void this.run(() => {
        app.setQuantity(this.quantitySelect.value);
      });
      this.updateContourLabel();
      this.updateLink();
      this.refresh(performance.now());
    });
    this.rangeSelect.addEventListener('change', () => {
      app.setRangeMode(this.rangeSelect.value as RangeMode);
      this.refresh(performance.now());
    });
    this.contourBox.addEventListener('change', () => app.setContour(this.contourBox.checked));
    this.outlineBox.addEventListener('change', () => app.setOutline(this.outlineBox.checked));
    this.volumeModeSelect.addEventListener('change', () => {
      app.setVolumeMode(this.volumeModeSelect.value as VolumeMode);
      this.sliceControls.hidden = app.volumeMode !== 'slices';
    });
    ['x', 'y', 'z'].forEach((axis, i) => {
      const input = element<HTMLInputElement>(`slice-${axis}`);
      input.addEventListener('input', () => {
        app.setSlice(i, Number(input.value));
        element<HTMLOutputElement>(`slice-${axis}-value`).value = input.value;
      });
    });
    element('btn-png').addEventListener('click', () => void this.run(() => this.exportPng()));
    element('btn-json').addEventListener('click', () => this.exportJson());
    element('btn-link').addEventListener('click', () => void this.copyLink());
    this.recordButton.addEventListener('click', () => void this.toggleRecording());
    void this.probeVideo();
    element<HTMLInputElement>('file-input').addEventListener('change', (e) => void this.loadFile(e.target as HTMLInputElement));
    element('btn-apply-json').addEventListener('click', () => void this.applyEditedJson());
    element('message-close').addEventListener('click', () => this.hideMessage());
    window.addEventListener('keydown', (e) => this.onKey(e));
  }

  private fillSelects(): void {
    this.sceneSelect.replaceChildren(...this.scenes.map((s) => new Option(s.name, s.name)));
    this.fillQuantities();
    this.stepsInput.value = String(this.app.stepsPerFrame);
  }

  /** The quantity picker lists what the current scene offers (its simulation's fields). */
  private fillQuantities(): void {
    this.quantitySelect.replaceChildren(...this.app.quantities.map((q) => new Option(q.label, q.id)));
    this.quantitySelect.value = this.app.quantity.id;
    this.updateContourLabel();
  }

  /** Select quantity `id` if the scene has it (links); returns whether it did. */
  selectQuantity(id: string): boolean {
    if (!this.app.setQuantity(id)) return false;
    this.quantitySelect.value = id;
    this.updateContourLabel();
    return true;
  }

  private updateContourLabel(): void {
    const level = this.app.quantity.contourLevel;
    const label = this.contourBox.parentElement;
    if (label?.lastChild) label.lastChild.textContent = level === undefined ? ' contour (none for this quantity)' : ` ${this.app.quantity.field} = ${level} contour`;
  }

  /** Load a scene entry and bring every control in line with it. */
  async load(entry: SceneEntry, options: { modifiedFrom?: SceneEntry } = {}): Promise<boolean> {
    this.cancelRecording();
    this.loading = true;
    this.showMessage(`Loading ${entry.name}: compiling the GPU kernels (this takes a while on a software adapter)…`, 'info');
    const ok = await this.run(() => this.app.loadScene(entry));
    this.loading = false;
    if (!ok) return false;
    if (!entry.bundled) {
      this.custom = entry;
      const existing = [...this.sceneSelect.options].find((o) => o.dataset.custom === 'true');
      const option = existing ?? new Option('', '__custom__');
      option.text = `${entry.name} (loaded)`;
      option.dataset.custom = 'true';
      if (!existing) this.sceneSelect.add(option);
      this.sceneSelect.value = '__custom__';
    } else {
      this.sceneSelect.value = entry.name;
    }
    this.description.textContent = entry.description;
    this.description.title = entry.description;
    this.sceneJson.value = JSON.stringify(entry.json, null, 2);
    this.parameterBase = options.modifiedFrom ?? entry;
    this.parameters.show(entry.json, this.parameterBase.json);
    this.plots.setUnits(sceneUnits(entry.json), this.app.sim?.model);
    this.fillQuantities();
    element('outline-label').hidden = !this.app.hasOutline;
    this.setupSlices();
    this.hideMessage();
    this.updateLink();
    return true;
  }

  /** Reload with the parameter panel's values: a modified copy of the scene as loaded. */
  private async loadModified(modified: ModifiedScene): Promise<void> {
    const base = this.parameterBase;
    if (!base) return;
    if (!modified.changes) {
      await this.load(base);
      return;
    }
    const json: Record<string, unknown> = { ...modified.json, name: modifiedName(base.name, modified.changes) };
    if (base.description) json.description = `${base.description} [Changed in the viewport: ${modified.changes}.]`;
    await this.load(customEntry(json, base.name), { modifiedFrom: base });
  }

  private async selectScene(name: string): Promise<void> {
    const entry = name === '__custom__' ? this.custom : this.scenes.find((s) => s.name === name);
    if (entry) await this.load(entry);
  }

  private setupSlices(): void {
    const view = this.app.view;
    const grid = this.app.sim?.grid;
    this.slices.hidden = !(view instanceof VolumeView);
    if (!(view instanceof VolumeView) || !grid) return;
    this.volumeModeSelect.value = this.app.volumeMode;
    this.sliceControls.hidden = this.app.volumeMode !== 'slices';
    ['x', 'y', 'z'].forEach((axis, i) => {
      const input = element<HTMLInputElement>(`slice-${axis}`);
      input.max = String(grid.shape[i] - 1);
      input.value = String(view.sliceIndex(i));
      element<HTMLOutputElement>(`slice-${axis}-value`).value = input.value;
    });
  }

  togglePlay(): void {
    if (this.app.playing) this.app.pause();
    else this.app.play();
    this.refresh(performance.now());
  }

  /** A fixed number of steps per frame, or 'auto' for the GPU-time budget. */
  setStepsPerFrame(n: number | 'auto'): void {
    if (n === 'auto') this.app.setAutoStepsPerFrame(true);
    else if (Number.isFinite(n) && n >= 1) this.app.setStepsPerFrame(n);
    this.stepsAuto.checked = this.app.autoStepsPerFrame;
    this.stepsInput.value = String(this.app.stepsPerFrame);
    this.updateLink();
  }

  /** The link reproducing the current scene and view settings. */
  link(): string {
    const entry = this.app.entry;
    const fragment = encodeLinkFragment({
      scene: entry?.bundled ? entry.name : undefined,
      json: entry && !entry.bundled ? entry.json : undefined,
      view: this.app.quantity.id,
      stepsPerFrame: this.app.autoStepsPerFrame ? 'auto' : this.app.stepsPerFrame,
    });
    return `${location.origin}${location.pathname}${location.search}${fragment}`;
  }

  private updateLink(): void {
    const link = this.link();
    history.replaceState(null, '', link);
    this.linkOutput.value = link;
  }

  private async copyLink(): Promise<void> {
    const link = this.link();
    this.linkOutput.value = link;
    this.linkOutput.select();
    try {
      await navigator.clipboard.writeText(link);
      this.showMessage('Link copied to the clipboard.', 'info');
    } catch {
      this.showMessage('The link is in the box under the export buttons (the clipboard was not available).', 'info');
    }
  }

  private async exportPng(): Promise<void> {
    const o = this.app.sim?.latest;
    const name = this.app.entry?.name ?? 'scene';
    const caption = `${name}   step ${o?.step ?? 0}   t = ${o?.time?.toPrecision(4) ?? 0}   ${this.app.quantity.label}`;
    this.app.renderNow(); // the WebGPU canvas is read in the same task as the render that drew it
    const blob = await composeScreenshot(this.app.canvas, this.app.colorbarContent(), caption);
    downloadBlob(blob, `${fileStem(name)}-step${o?.step ?? 0}.png`);
  }

  private exportJson(): void {
    const entry = this.app.entry;
    if (entry) downloadBlob(jsonBlob(entry.json), `${fileStem(entry.name)}.json`);
  }

  private async probeVideo(): Promise<void> {
    const format = await chooseVideoFormat(Math.max(2, this.app.canvas.width), Math.max(2, this.app.canvas.height));
    if (typeof format === 'string') {
      this.videoUnavailable = format;
      this.recordButton.disabled = true;
      this.recordButton.textContent = 'Video: not available';
      this.recordButton.title = format;
    } else {
      this.recordButton.title = `Record a video of the view (${format.track.toUpperCase()} in ${format.container.toUpperCase()}, WebCodecs); Stop saves the file`;
    }
  }

  get recording(): boolean {
    return this.recorder !== undefined;
  }

  /** Record: start capturing every rendered frame; Stop: finish the file and offer it as a download. */
  async toggleRecording(): Promise<void> {
    if (this.videoUnavailable) {
      this.showMessage(this.videoUnavailable);
      return;
    }
    const recorder = this.recorder;
    if (!recorder) {
      await this.run(async () => {
        const started = await VideoRecorder.start(this.app.canvas);
        this.recorder = started;
        this.app.onRendered = (now) => started.capture(now);
        this.app.continuousRender = true;
        this.app.requestRender();
      });
      this.refresh(performance.now());
      return;
    }
    this.recorder = undefined;
    this.app.onRendered = null;
    this.app.continuousRender = false;
    this.recordButton.disabled = true;
    this.recordButton.textContent = 'Saving video…';
    await this.run(async () => {
      const result = await recorder.stop();
      const o = this.app.sim?.latest;
      downloadBlob(result.blob, `${fileStem(this.app.entry?.name ?? 'scene')}-step${o?.step ?? 0}.${result.format.container}`);
      this.lastRecording = { container: result.format.container, codec: result.format.codec, frames: result.frames, seconds: result.seconds, bytes: result.blob.size };
    });
    this.recordButton.disabled = false;
    this.refresh(performance.now());
  }

  /** Drop a recording in progress (the scene it shows is going away). */
  private cancelRecording(): void {
    if (!this.recorder) return;
    this.recorder.cancel();
    this.recorder = undefined;
    this.app.onRendered = null;
    this.app.continuousRender = false;
  }

  private async loadFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (e) {
      this.showMessage(`${file.name} is not valid JSON: ${(e as Error).message}`);
      return;
    }
    await this.load(customEntry(json, file.name.replace(/\.json$/i, '')));
  }

  private async applyEditedJson(): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(this.sceneJson.value);
    } catch (e) {
      this.showMessage(`The edited scene is not valid JSON: ${(e as Error).message}`);
      return;
    }
    await this.load(customEntry(json, 'edited scene'));
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    if (e.key === ' ') {
      e.preventDefault();
      this.togglePlay();
    } else if (e.key === 's') {
      this.app.step(1);
    } else if (e.key === 'r') {
      void this.run(() => this.app.reset());
    }
  }

  /** Run an action, showing its error instead of throwing; returns whether it succeeded. */
  async run(action: () => Promise<void> | void): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (e) {
      this.showMessage(describeError(e));
      return false;
    }
  }

  showMessage(text: string, kind: 'error' | 'info' = 'error'): void {
    this.messageText.textContent = text;
    this.message.classList.toggle('info', kind === 'info');
    this.message.hidden = false;
  }

  hideMessage(): void {
    this.message.hidden = true;
  }

  /** Refresh the parts that change while running (called a few times per second). */
  refresh(now: number): void {
    this.playButton.textContent = this.app.playing ? 'Pause' : 'Play';
    if (this.app.autoStepsPerFrame && document.activeElement !== this.stepsInput) this.stepsInput.value = String(this.app.stepsPerFrame);
    this.playButton.classList.toggle('active', this.app.playing);
    const lines = hudLines(this.app, now);
    if (this.recorder) lines.push(`● recording ${this.recorder.seconds.toFixed(1)} s, ${this.recorder.frames} frames`);
    while (this.hud.children.length > lines.length) this.hud.lastElementChild?.remove();
    while (this.hud.children.length < lines.length) this.hud.append(document.createElement('div'));
    lines.forEach((line, i) => {
      const div = this.hud.children[i] as HTMLElement;
      if (div.textContent !== line) div.textContent = line;
      div.classList.toggle('recording', line.startsWith('●'));
    });
    if (this.recorder) this.recordButton.textContent = 'Stop recording';
    else if (!this.videoUnavailable && !this.recordButton.disabled) this.recordButton.textContent = 'Record video';
    this.recordButton.classList.toggle('active', this.recorder !== undefined);
    this.colorbar.update(this.app.colorbarContent());
    this.plots.draw();
  }
}

/** A scene that is not an unmodified bundled one (loaded from a file, a link or the editor). */
export function customEntry(json: unknown, fallbackName: string): SceneEntry {
  const o = json as { name?: unknown; description?: unknown } | null;
  return {
    name: typeof o?.name === 'string' && o.name ? o.name : fallbackName,
    description: typeof o?.description === 'string' ? o.description : '',
    json,
    bundled: false,
  };
}
