/**
 * Entry point of the browser app (index.html loads it): acquire WebGPU, or explain plainly why not;
 * build the app, the panel and the plots; open the scene named by the link, or the first bundled one.
 */
import './style.css';
import { acquireBrowserGpu } from '../gpu/browserGpu.ts';
import { GpuUnavailableError, type GpuContext } from '../gpu/device.ts';
import { ViewportApp, type SceneEntry } from './app.ts';
import { Colorbar } from './colorbar.ts';
import { ControlPanel, customEntry } from './controlPanel.ts';
import { ObservablePlots } from './observablePlots.ts';
import { SpaceChargePanel } from './spaceChargePanel.ts';
import { HotspotPanel } from './hotspotPanel.ts';
import { decodeLinkFragment, type LinkState } from './sceneLink.ts';
import { installFatalHook, installHook } from './automation.ts';
import { bundledScenes, DEFAULT_SCENE } from './engine.ts';

const UI_REFRESH_MS = 250;

function showFatal(message: string): void {
  const fatal = document.getElementById('fatal');
  const app = document.getElementById('app');
  if (app) app.hidden = true;
  if (fatal) {
    fatal.textContent = message;
    fatal.hidden = false;
  }
  installFatalHook(message);
}

async function main(): Promise<void> {
  let gpu: GpuContext;
  try {
    gpu = await acquireBrowserGpu({ label: 'spinode-viewport' });
  } catch (e) {
    const reason = e instanceof GpuUnavailableError ? e.message : `WebGPU could not start: ${(e as Error).message}`;
    showFatal(`Spinode cannot run here.\n\n${reason}`);
    return;
  }
  const canvas = document.getElementById('viewport') as HTMLCanvasElement;
  const app = await ViewportApp.create(gpu, canvas);
  const plots = new ObservablePlots(
    document.getElementById('plot-energy') as HTMLCanvasElement,
    document.getElementById('plot-concentration') as HTMLCanvasElement,
  );
  app.addListener(plots);
  const colorbar = new Colorbar(document.getElementById('colorbar-canvas') as HTMLCanvasElement, document.getElementById('colorbar-title') as HTMLElement);
  const scenes: SceneEntry[] = bundledScenes.map((s) => ({ name: s.name, description: s.description, json: s.json, bundled: true }));
  const panel = new ControlPanel(app, scenes, plots, colorbar);
  const controls = document.querySelector<HTMLElement>('aside.panel');
  if (controls) new SpaceChargePanel(controls);
  if (controls) new HotspotPanel(app, controls);
  installHook(app, plots, panel);

  gpu.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    app.stop();
    panel.showMessage(`The GPU device was lost (${info.message || info.reason}). Reload the page to start the scene again; the link keeps it.`);
  });

  const stage = canvas.parentElement as HTMLElement;
  const resize = () => app.setSize(stage.clientWidth, stage.clientHeight, window.devicePixelRatio || 1);
  new ResizeObserver(resize).observe(stage);
  resize();

  const fallback = scenes.find((s) => s.name === DEFAULT_SCENE) ?? scenes[0];
  if (!fallback) {
    showFatal('No bundled scenes were found.');
    return;
  }
  /** Open what a link names (on start, and when a link is pasted into this tab: only the fragment changes). */
  const openLink = async (fragment: string, isStart: boolean): Promise<void> => {
    let link: LinkState = {};
    try {
      link = decodeLinkFragment(fragment);
    } catch (e) {
      panel.showMessage((e as Error).message);
    }
    if (link.stepsPerFrame !== undefined) panel.setStepsPerFrame(link.stepsPerFrame);
    const named = link.scene ? scenes.find((s) => s.name === link.scene) : undefined;
    const target: SceneEntry | undefined = link.json !== undefined ? customEntry(link.json, 'linked scene') : (named ?? (isStart ? fallback : undefined));
    if (target) {
      const loaded = await panel.load(target);
      if (!loaded && isStart && target !== fallback) {
        const why = document.getElementById('message-text')?.textContent ?? '';
        await panel.load(fallback);
        panel.showMessage(`The linked scene could not be opened; showing ${fallback.name} instead.\n${why}`);
      }
    }
    // The quantity after the scene: which quantities exist depends on the scene's fields.
    if (link.view !== undefined && !panel.selectQuantity(link.view)) panel.showMessage(`This scene has no quantity "${link.view}"; showing ${app.quantity.label}.`, 'info');
    if (link.scene && !named) panel.showMessage(`There is no bundled scene "${link.scene}"; showing ${app.entry?.name}.`);
  };
  await openLink(location.hash, true);
  window.addEventListener('hashchange', () => void openLink(location.hash, false));
  app.start();
  setInterval(() => panel.refresh(performance.now()), UI_REFRESH_MS);
  panel.refresh(performance.now());
}

main().catch((e: unknown) => {
  console.error(e);
  showFatal(`Spinode failed to start: ${e instanceof Error ? e.message : String(e)}`);
});
