/**
 * Issue #2, browser part: the Vite app loads in headless Chromium and acquires a WebGPU device; a
 * browser without WebGPU gets a plain explanation instead of a blank page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { NO_WEBGPU_MESSAGE } from '../../src/gpu/browserGpu.ts';
import { startDevServer, type DevServer } from './support/devServer.ts';
import { launchChromium, PageProblems, resultPath } from './support/browser.ts';
import { waitForState } from './support/viewportPage.ts';

describe('browser smoke test', () => {
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDevServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the app, which acquires a WebGPU device and starts loading the first scene', async () => {
    const page = await browser.newPage();
    const problems = new PageProblems(page);
    await page.goto(server.url);
    // The device is acquired and the renderer initialised before the scene's kernels compile (which
    // takes a minute on a software adapter, and is covered by viewport.test.ts).
    const s = await waitForState(page, (x) => x.adapter !== undefined || x.fatal !== undefined, 'a WebGPU device', 60_000);
    expect(s.fatal).toBeUndefined();
    expect(s.adapter).toMatch(/\S/);
    // The engine's device: created with its limits (createEngineDevice rejects adapters below them).
    expect(s.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    // Not a blank page: the controls are there and the scene being loaded is named.
    expect(await page.locator('#scene-select option').count()).toBeGreaterThan(0);
    if (!s.ready) expect(await page.locator('#message-text').innerText()).toMatch(/Loading \S+/);
    await page.screenshot({ path: resultPath('smoke-app.png') });
    expect(problems.messages).toEqual([]);
    await page.close();
  });

  it('explains a missing WebGPU instead of showing a blank page', async () => {
    const page = await browser.newPage();
    const problems = new PageProblems(page);
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    await page.goto(server.url);
    const s = await waitForState(page, (x) => x.fatal !== undefined, 'the no-WebGPU message', 30_000);
    expect(s.ready).toBe(false);
    expect(s.fatal).toContain(NO_WEBGPU_MESSAGE);
    expect(await page.locator('#fatal').isVisible()).toBe(true);
    expect(await page.locator('#fatal').innerText()).toContain('WebGPU');
    expect(await page.locator('#app').isHidden()).toBe(true);
    await page.screenshot({ path: resultPath('smoke-no-webgpu.png') });
    expect(problems.messages).toEqual([]);
    await page.close();
  });
});
