/**
 * Hands a colorized field image (our GPUTexture, written by the FieldColorizer kernel) to three.js
 * without a copy: `ExternalTexture` (three r187, src/textures/ExternalTexture.js) wraps a GPUTexture
 * created on the same device; WebGPUTextureUtils.createTexture then uses it as the texture's GPU
 * resource instead of allocating one, and never destroys it (we own it).
 */
import { ExternalTexture, LinearFilter, NoColorSpace } from 'three/webgpu';

/** Wrap an image texture of ours (a FieldImage's, an IsosurfaceImage's) for three.js. */
export function fieldTexture(image: { texture: GPUTexture; label: string }): ExternalTexture {
  const texture = new ExternalTexture(image.texture);
  texture.name = image.label;
  // The texels are already display (sRGB-encoded) colours and the renderer writes them to the canvas
  // unconverted (see DISPLAY_COLOR_SPACE in fieldView.ts), so no colour-space conversion here.
  texture.colorSpace = NoColorSpace;
  texture.generateMipmaps = false;
  texture.minFilter = LinearFilter;
  texture.magFilter = LinearFilter;
  return texture;
}
