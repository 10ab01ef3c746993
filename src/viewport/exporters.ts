/**
 * Exports: a PNG of the view with its colorbar and a caption, the current scene as JSON. The PNG is
 * composed on a 2D canvas from the WebGPU canvas, which must be read in the same task as the render
 * that drew it (the app renders, then calls `composeScreenshot` synchronously).
 */
import { colorbarTitle, drawColorbar, type ColorbarContent } from './colorbar.ts';

const BAR_PANEL = 120;
const CAPTION = 22;

/** The view canvas plus a colorbar panel on the right and a caption line on top, as a PNG blob. */
export function composeScreenshot(view: HTMLCanvasElement, colorbar: ColorbarContent, caption: string): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = view.width + BAR_PANEL;
  out.height = view.height + CAPTION;
  const g = out.getContext('2d');
  if (!g) return Promise.reject(new Error('no 2D canvas context for the screenshot'));
  g.fillStyle = '#202124';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(view, 0, CAPTION);
  g.fillStyle = '#e8eaed';
  g.font = '13px system-ui, sans-serif';
  g.textBaseline = 'middle';
  g.fillText(caption, 8, CAPTION / 2);
  g.font = '11px system-ui, sans-serif';
  g.fillText(colorbarTitle(colorbar), view.width + 10, CAPTION + 12);
  drawColorbar(g, view.width + 12, CAPTION + 28, 18, Math.max(40, view.height - 48), colorbar, '#e8eaed');
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

export function jsonBlob(value: unknown): Blob {
  return new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
}

/** Offer a blob as a file download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe version of a scene name. */
export function fileStem(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'scene';
}
