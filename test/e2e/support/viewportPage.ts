/** Driving the viewport page in the end-to-end tests: open it, read its state, wait for conditions, take field screenshots. */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ViewportState } from '../../../src/viewport/automation.ts';
import { PageProblems, resultPath } from './browser.ts';
import { decodePng, type Image } from './pixels.ts';

export interface AppPage {
  page: Page;
  problems: PageProblems;
}

export const VIEWPORT_SIZE = { width: 1280, height: 820 };

/**
 * Loading a scene compiles its GPU kernels; in Chromium on SwiftShader the FFT pipelines take 10-20 s
 * each, about a minute per scene size (pipelines are cached per page, so revisiting a scene is fast);
 * several minutes for the elastic kernels of a large grid on a machine shared with other jobs.
 */
export const SCENE_LOAD_TIMEOUT_MS = 420_000;

export async function openApp(browser: Browser, url: string): Promise<AppPage> {
  const page = await browser.newPage({ viewport: VIEWPORT_SIZE, acceptDownloads: true });
  const problems = new PageProblems(page);
  await page.goto(url);
  await waitForState(page, (s) => s.ready || s.fatal !== undefined, 'the app to start', SCENE_LOAD_TIMEOUT_MS);
  const s = await state(page);
  if (s.fatal) throw new Error(`the app did not start: ${s.fatal}`);
  return { page, problems };
}

export async function state(page: Page): Promise<ViewportState> {
  return page.evaluate(() => {
    const hook = window.spinodeViewport;
    return hook ? hook.state() : { ready: false };
  });
}

/** Poll the app state until `predicate` holds; fails with the last state seen. */
export async function waitForState(page: Page, predicate: (s: ViewportState) => boolean, what: string, timeoutMs = 60_000): Promise<ViewportState> {
  const deadline = Date.now() + timeoutMs;
  let last: ViewportState = { ready: false };
  while (Date.now() < deadline) {
    last = await state(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${JSON.stringify(last)}`);
}

/** Wait until an element's text is (or, with `contains`, includes) `text`: the panel refreshes a few times per second. */
export async function waitForText(page: Page, selector: string, text: string, options: { contains?: boolean; timeoutMs?: number } = {}): Promise<void> {
  await page.waitForFunction(
    ([sel, expected, contains]) => {
      const actual = document.querySelector(sel)?.textContent ?? '';
      return contains ? actual.includes(expected) : actual === expected;
    },
    [selector, text, options.contains ?? false] as const,
    { timeout: options.timeoutMs ?? 10_000 },
  );
}

/** Wait until every submitted step has finished on the GPU and a few more frames were drawn. */
export async function settle(page: Page): Promise<ViewportState> {
  const s = await waitForState(page, (x) => !x.playing && x.stepsCompleted === x.stepsSubmitted, 'the GPU to finish the submitted steps');
  const frames = s.frames ?? 0;
  return waitForState(page, (x) => (x.frames ?? 0) >= frames + 4, 'a few more frames');
}

/** Screenshot of the field canvas without the HUD/colorbar overlays, saved under test-results/e2e/. */
export async function fieldScreenshot(page: Page, name: string): Promise<Image> {
  const style = await page.addStyleTag({ content: '.hud, .colorbar, .message { visibility: hidden !important; }' });
  try {
    const png = await page.locator('#viewport').screenshot({ path: resultPath(name) });
    return decodePng(png);
  } finally {
    await style.evaluate((node) => (node as Element).remove());
  }
}

export async function elementScreenshot(page: Page, selector: string, name: string): Promise<Image> {
  return decodePng(await page.locator(selector).screenshot({ path: resultPath(name) }));
}

export function saveJson(name: string, value: unknown): void {
  writeFileSync(resultPath(name), `${JSON.stringify(value, null, 2)}\n`);
}
