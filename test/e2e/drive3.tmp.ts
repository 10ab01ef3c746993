import { startDevServer } from './support/devServer.ts';
import { launchChromium } from './support/browser.ts';
const server = await startDevServer();
const browser = await launchChromium();
const page = await browser.newPage();
page.on('console', (m) => { if (m.text().startsWith('PIPE')) console.log(m.text()); });
await page.addInitScript(`
  const orig = GPUDevice.prototype.createComputePipeline;
  let chain = Promise.resolve();
  GPUDevice.prototype.createComputePipeline = function (desc) {
    const dev = this;
    const p = orig.call(this, desc);
    const label = desc.label + ' ' + JSON.stringify(desc.compute.constants || {});
    const len = (desc.compute.module && desc.compute.module.__len) || 0;
    const t0 = performance.now();
    dev.pushErrorScope('validation');
    dev.popErrorScope().then(() => console.log('PIPE ' + label + ' ' + (performance.now() - t0).toFixed(0) + ' ms'));
    return p;
  };
`);
const t0 = Date.now();
await page.goto(server.url + '#scene=lfp-regular-solution');
await page.waitForFunction(() => window.spinodeViewport?.state().ready, null, { timeout: 200000 });
console.log('open lfp', (Date.now() - t0) / 1000);
await browser.close();
await server.close();
