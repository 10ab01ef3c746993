/**
 * Headless Chromium for the end-to-end tests: /usr/bin/chromium driven by playwright-core with the
 * flags that give a working software WebGPU adapter and a canvas that presents (PLATFORM.md). A
 * missing browser is a test failure with a message saying how to install it, never a skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core';
import { REPO_ROOT } from './devServer.ts';

export const CHROMIUM_PATH = process.env.SPINODE_CHROMIUM ?? '/usr/bin/chromium';

/** PLATFORM.md, "WebGPU in headless Chromium". Playwright gives every launch a fresh --user-data-dir. */
export const CHROMIUM_WEBGPU_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=vulkan',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Where the tests put their screenshots and downloads (gitignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');

export function resultPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return join(RESULTS_DIR, name);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`bash scripts/setup.sh\` (installs Debian's chromium) or set SPINODE_CHROMIUM`);
  }
  // headless: false because the flags above already choose the new headless mode.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: false, args: CHROMIUM_WEBGPU_FLAGS, timeout: 60_000 });
}

/** Console errors, uncaught page errors and failed requests seen by a page. */
export class PageProblems {
  readonly messages: string[] = [];

  constructor(page: Page) {
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') this.messages.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.messages.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => this.messages.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  }
}
