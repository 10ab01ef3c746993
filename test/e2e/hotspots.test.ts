/**
 * Issue #10, the viewport's Hot spots panel in headless Chromium on the software adapter: a LiFePO4
 * coherency scene (64^2, with a strength low enough that the initial composition noise already makes
 * hot spots) opens with the panel; the region list fills from the read-back, a click on a region zooms
 * the 2D camera onto it, the overlay is drawn over sigma_1, and nothing reports an error.
 * A screenshot for the closing note goes to test-results/screenshots/hotspots-panel.png.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDevServer, REPO_ROOT, type DevServer } from './support/devServer.ts';
import { launchChromium, resultPath } from './support/browser.ts';
import { openApp, SCENE_LOAD_TIMEOUT_MS, type AppPage } from './support/viewportPage.ts';
import { encodeLinkFragment } from '../../src/viewport/sceneLink.ts';
import { findBundledScene } from '../../src/scene/bundled.ts';

describe('viewport hot spots', () => {
  let server: DevServer;
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    server = await startDevServer();
    browser = await launchChromium();
    const scene = structuredClone(findBundledScene('lfp-coherency-hotspots')!.json) as Record<string, any>;
    scene.name = 'lfp-hotspots-e2e';
    scene.grid = { cells: [64, 64], size: [6.4e-8, 6.4e-8] };
    scene.model.elasticity.strength = { kind: 'tensile', value: 1.5e8 };
    app = await openApp(browser, `${server.url}${encodeLinkFragment({ json: scene, view: 'sigma_1' })}`);
  }, SCENE_LOAD_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 120_000);

  it('lists the regions, centres the view on one when clicked, and draws the overlay', async () => {
    const { page, problems } = app;
    await page.click('#hotspot-panel > summary');
    await page.waitForSelector('#hotspot-regions button.hotspot-region', { timeout: 180_000 });
    const count = await page.locator('#hotspot-regions button.hotspot-region').count();
    expect(count).toBeGreaterThan(0);
    const first = (await page.locator('#hotspot-regions button.hotspot-region').first().textContent()) ?? '';
    expect(first).toMatch(/^#\d+ {2}peak [\d.]+ (MPa|GPa)/);
    await page.locator('#hotspot-regions button.hotspot-region').first().click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: resultPath('hotspots-panel.png') });
    const dir = join(REPO_ROOT, 'test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    copyFileSync(resultPath('hotspots-panel.png'), join(dir, 'hotspots-panel.png'));
    expect(problems.messages).toEqual([]);
  }, 600_000);
});
