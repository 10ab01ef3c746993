/** What the app needs from a field view (2D image or 3D view): a three.js scene and camera, the GPU work that refreshes its images, resizing. */
import { Color, LinearSRGBColorSpace, type Camera, type Scene, type WebGPURenderer } from 'three/webgpu';
import type { ColorizeSettings } from './fieldColorizer.ts';

export interface ViewSettings extends ColorizeSettings {
  /** The quantity is signed (diverging colormap centred on zero): the volume rendering's opacity grows with |value|. */
  signed: boolean;
  /** Iso-surface of the raw field value (3D), and the surface's display colour. */
  isoLevel: number;
  isoColor: readonly number[];
}

export interface FieldView {
  /** '2d', '3d-slices', '3d-isosurface' or '3d-volume'. */
  readonly kind: string;
  readonly scene: Scene;
  readonly camera: Camera;
  /** True when the view's images depend on the camera and it moved since the last encode(). */
  readonly stale: boolean;
  /** Called after user interaction changed the camera, so the app renders a new frame. */
  onCameraChange: (() => void) | null;
  /** Record the compute work that refreshes the view's images from the field. */
  encode(pass: GPUComputePassEncoder, settings: ViewSettings): void;
  render(renderer: WebGPURenderer): void;
  setSize(width: number, height: number): void;
  dispose(): void;
}

/** Physical box lengths scaled so the longest side is 1 (keeps the aspect ratio of the domain). */
export function normalisedExtent(size: readonly number[]): number[] {
  const longest = Math.max(...size);
  return size.map((s) => (longest > 0 ? s / longest : 1));
}

/**
 * Nothing in the views is lit by three or blended with lit content, so they work directly in display
 * values: the renderer's output colour space is set to its (linear) working space, which makes three
 * skip its intermediate half-float target and the conversion pass (two full-screen passes, expensive
 * on a software adapter) and write the colormap's sRGB-encoded texels to the canvas unchanged. Other
 * colours are given the same way, as display values.
 */
export const DISPLAY_COLOR_SPACE = LinearSRGBColorSpace;

/** A colour whose displayed value is the given sRGB hex (e.g. 0x202124). */
export function displayColor(hex: number): Color {
  return new Color().setRGB(((hex >> 16) & 255) / 255, ((hex >> 8) & 255) / 255, (hex & 255) / 255, DISPLAY_COLOR_SPACE);
}
