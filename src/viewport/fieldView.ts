/** What the app needs from a field view (2D image or 3D slices): a three.js scene and camera, the images to colorize, resizing. */
import { Color, LinearSRGBColorSpace, type Camera, type Scene } from 'three/webgpu';
import type { FieldImage } from './fieldColorizer.ts';

export interface FieldView {
  readonly kind: '2d' | '3d-slices';
  readonly scene: Scene;
  readonly camera: Camera;
  /** Images the colorizer must refresh when the field or the display settings change. */
  readonly images: readonly FieldImage[];
  /** Called after user interaction changed the camera, so the app renders a new frame. */
  onCameraChange: (() => void) | null;
  setSize(width: number, height: number): void;
  dispose(): void;
}

/** Physical box lengths scaled so the longest side is 1 (keeps the aspect ratio of the domain). */
export function normalisedExtent(size: readonly number[]): number[] {
  const longest = Math.max(...size);
  return size.map((s) => (longest > 0 ? s / longest : 1));
}

/**
 * Nothing in the views is lit or blended, so they work directly in display values: the renderer's
 * output colour space is set to its (linear) working space, which makes three skip its intermediate
 * half-float target and the conversion pass (two full-screen passes, expensive on a software adapter)
 * and write the colormap's sRGB-encoded texels to the canvas unchanged. Other colours are given the
 * same way, as display values.
 */
export const DISPLAY_COLOR_SPACE = LinearSRGBColorSpace;

/** A colour whose displayed value is the given sRGB hex (e.g. 0x202124). */
export function displayColor(hex: number): Color {
  return new Color().setRGB(((hex >> 16) & 255) / 255, ((hex >> 8) & 255) / 255, (hex & 255) / 255, DISPLAY_COLOR_SPACE);
}
