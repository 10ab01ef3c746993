import { startDevServer } from './support/devServer.ts';
import { launchChromium } from './support/browser.ts';
const server = await startDevServer();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
await page.goto(server.url);
await page.waitForFunction(() => window.spinodeViewport?.state().ready, null, { timeout: 60000 });
await page.waitForTimeout(1000);
const r = await page.evaluate(`(async () => {
  const app = window.spinodeApp;
  const dev = app.gpu.device;
  app.stop();
  const out = {};
  const time = async (name, fn, n = 5) => {
    await dev.queue.onSubmittedWorkDone();
    const t = performance.now();
    for (let i = 0; i < n; i++) { fn(); }
    await dev.queue.onSubmittedWorkDone();
    out[name] = (performance.now() - t) / n;
  };
  await time('advance10', () => app.sim.advance(10));
  await time('advance1', () => app.sim.advance(1));
  await time('colorize', () => {
    const enc = dev.createCommandEncoder(); const pass = enc.beginComputePass();
    for (const im of app.view.images) im.encode(pass, app.colorizeSettings()); pass.end(); dev.queue.submit([enc.finish()]);
  });
  app.contour = false;
  await time('colorizeNoContour', () => {
    const enc = dev.createCommandEncoder(); const pass = enc.beginComputePass();
    for (const im of app.view.images) im.encode(pass, app.colorizeSettings()); pass.end(); dev.queue.submit([enc.finish()]);
  });
  await time('render', () => app.renderer.render(app.view.scene, app.view.camera));
  await time('empty', () => { dev.queue.submit([dev.createCommandEncoder().finish()]); });
  out.canvasW = app.canvas.width; out.canvasH = app.canvas.height; out.img = app.view.images[0].width;
  return out;
})()`);
console.log(JSON.stringify(r));
await browser.close();
await server.close();
