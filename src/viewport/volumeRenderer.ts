/**
 * Direct volume rendering of a 3D field on the GPU (shaders/render/raycast_volume.wgsl): a compute
 * kernel marches each pixel's camera ray through the simulation's f32 buffer, maps every sample to a
 * colour (the view's colormap) and an opacity (a ramp over the same normalised value) and composites
 * front to back (Engel et al. 2006, Real-Time Volume Graphics, ch. 7) into a screen-space RGBA8 image
 * that three.js draws as a full-screen layer, like the iso-surface (isosurfaceCaster.ts).
 *
 * `VolumeRenderer` owns the pipeline; a `VolumeImage` (a RayCastImage) owns one output texture with its
 * uniforms and bind groups.
 */
import type { Camera } from 'three/webgpu';
import source from '../../shaders/render/raycast_volume.wgsl?raw';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import type { Colormap } from '../io/colormap.ts';
import type { FieldColorizer } from './fieldColorizer.ts';
import { RAY_WORKGROUP, RayCastImage } from './rayCastImage.ts';

export const VolumeParams = uniformLayout('VolumeParams', [
  ['invViewProj0', 'vec4f'],
  ['invViewProj1', 'vec4f'],
  ['invViewProj2', 'vec4f'],
  ['invViewProj3', 'vec4f'],
  ['boxHalf', 'vec3f'],
  ['stepLength', 'f32'],
  ['cells', 'vec3u'],
  ['maxSteps', 'u32'],
  ['background', 'vec4f'],
  ['outSize', 'vec2u'],
  ['range', 'vec2f'],
  ['offset', 'f32'],
  ['density', 'f32'],
  ['rampStart', 'f32'],
  ['ramp', 'u32'],
] as const);


/**
 * Extinction coefficient at full opacity ramp, per unit length of the view (the box's longest side is
 * 1): a dense region a tenth of the box deep lets exp(-2.5), about 8 %, of the light behind it through,
 * so the nearest structures dominate while the ones behind still show.
 */
export const DEFAULT_DENSITY = 25;
/** Sequential maps: values in the lowest 40 % of the colour range are fully clear. */
export const DEFAULT_RAMP_START = 0.4;

export interface VolumeSettings {
  colormap: Colormap;
  /** Displayed values (after subtracting `offset`) mapped to the two ends of the colormap. */
  range: readonly [number, number];
  offset: number;
  /** Diverging map: opacity grows with |value| on both sides of zero; otherwise with the value. */
  signed: boolean;
  /** Display RGB of what lies behind the volume. */
  background: readonly number[];
  density?: number;
  rampStart?: number;
}

export class VolumeRenderer {
  readonly pipeline: GPUComputePipeline;

  constructor(
    readonly colorizer: FieldColorizer,
    cache: PipelineCache = new PipelineCache(colorizer.gpu.device),
  ) {
    const code = composeShader(source, { structs: [VolumeParams] });
    this.pipeline = cache.compute('VolumeRenderer.pipeline', code, 'main', { WORKGROUP_X: RAY_WORKGROUP, WORKGROUP_Y: RAY_WORKGROUP });
  }

  createImage(label: string, field: GPUBuffer, shape: readonly number[], extent: readonly number[]): VolumeImage {
    return new VolumeImage(this, label, field, shape, extent);
  }
}

export class VolumeImage extends RayCastImage {
  constructor(renderer: VolumeRenderer, label: string, field: GPUBuffer, shape: readonly number[], extent: readonly number[]) {
    super(renderer, label, field, shape, extent, VolumeParams.byteSize);
  }

  /** Write the uniforms for `camera` (matrices must be current) and record the dispatch. */
  encode(pass: GPUComputePassEncoder, camera: Camera, settings: VolumeSettings): void {
    // One sample per cell along the ray: trilinear interpolation varies on that scale.
    const stepLength = Math.min(...this.extent.map((e, i) => e / this.cells[i]));
    VolumeParams.pack(
      {
        ...this.geometry(camera, stepLength),
        stepLength,
        background: [...settings.background.slice(0, 3), 1],
        range: settings.range,
        offset: settings.offset,
        density: settings.density ?? DEFAULT_DENSITY,
        rampStart: settings.rampStart ?? DEFAULT_RAMP_START,
        ramp: settings.signed ? 1 : 0,
      },
      this.paramBytes,
    );
    this.dispatch(pass, settings.colormap.name);
  }
}
