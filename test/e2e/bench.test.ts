/**
 * Issue #9, browser part: bench.html runs the benchmark suite on headless Chromium's WebGPU adapter
 * (SwiftShader), shows the CLI's table and offers the JSON report for download; the report (both the
 * published object and the downloadable file) passes benchReportSchema. The "smoke" suite (one 64 x 64
 * grid, whose FFT plan is compiled once for all cases) keeps this under about 90 s on SwiftShader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { benchReportSchema, describeSchemaIssues } from '../../src/bench/schema.ts';
import { startDevServer, type DevServer } from './support/devServer.ts';
import { launchChromium, PageProblems, resultPath } from './support/browser.ts';

describe('benchmark page', () => {
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

  it('runs the smoke suite, shows the table and produces a report that passes the schema, with no console error', async () => {
    const page = await browser.newPage();
    const problems = new PageProblems(page);
    await page.goto(`${server.url}bench.html?suite=smoke&run`);
    await page.waitForFunction(() => window.__benchState?.status === 'done' || window.__benchState?.status === 'failed', undefined, { timeout: 170_000, polling: 500 });
    const state = await page.evaluate(() => window.__benchState);
    expect(state?.error).toBeUndefined();
    expect(state).toEqual({ status: 'done', suite: 'smoke' });

    // The object the page published and the file behind the download link are the same report.
    const published = await page.evaluate(() => window.__benchReport);
    const link = page.locator('#bench-download');
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('download')).toMatch(/^spinode-bench-smoke-.*\.json$/);
    const downloaded: unknown = await page.evaluate(async () => (await fetch((document.getElementById('bench-download') as HTMLAnchorElement).href)).json());
    expect(downloaded).toEqual(published);

    const checked = benchReportSchema.safeParse(downloaded);
    expect(checked.success, checked.success ? '' : describeSchemaIssues(checked.error).join('\n')).toBe(true);
    const report = checked.data!;
    expect(report.suite).toBe('smoke');
    expect(report.environment.runtime.kind).toBe('browser');
    expect(report.environment.runtime).toMatchObject({ userAgent: expect.stringMatching(/Chrom/) });
    expect(report.environment.adapter.backend).toBe('browser');
    expect(report.solver.results.map((r) => r.case)).toEqual(['CH 2D 64 x 64']);
    expect(report.fft.results.length).toBeGreaterThan(0);

    // The same readable table as the CLI.
    const table = await page.locator('#bench-table').innerText();
    expect(table).toContain('Cahn-Hilliard steps');
    expect(table).toMatch(/CH 2D\s+64 x 64/);
    expect(table).toContain('of copy');
    await page.screenshot({ path: resultPath('bench-page.png'), fullPage: true });
    expect(problems.messages).toEqual([]);
    await page.close();
  });
});
