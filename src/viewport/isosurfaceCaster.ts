/**
 * Iso-surface of a 3D field by ray casting on the GPU (shaders/render/raycast_isosurface.wgsl): a
 * compute kernel marches each pixel's camera ray through the simulation's f32 buffer and writes a
 * screen-space RGBA8 image, which three.js draws as a full-screen layer (sliceView.ts). The image is
 * recomputed when the field, the settings or the camera change.
 *
 * `IsosurfaceCaster` owns the pipeline; an `IsosurfaceImage` (a RayCastImage) owns one output texture
 * with its uniforms and bind groups.
 */
import type { Camera } from 'three/webgpu';
import source from '../../shaders/render/raycast_isosurface.wgsl?raw';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import type { Colormap } from '../io/colormap.ts';
import type { FieldColorizer } from './fieldColorizer.ts';
import { RAY_WORKGROUP, RayCastImage } from './rayCastImage.ts';

export const IsoParams = uniformLayout('IsoParams', [
  ['invViewProj0', 'vec4f'],
  ['invViewProj1', 'vec4f'],
  ['invViewProj2', 'vec4f'],
  ['invViewProj3', 'vec4f'],
  ['boxHalf', 'vec3f'],
  ['level', 'f32'],
  ['cells', 'vec3u'],
  ['maxSteps', 'u32'],
  ['surfaceColor', 'vec4f'],
  ['outSize', 'vec2u'],
  ['range', 'vec2f'],
  ['stepLength', 'f32'],
  ['ambient', 'f32'],
] as const);

const AMBIENT = 0.35;

export interface IsosurfaceSettings {
  level: number;
  /** Colormap and value range for the cut faces where the solid meets the box. */
  colormap: Colormap;
  range: readonly [number, number];
  /** Display RGB(A) of the surface. */
  surfaceColor: readonly number[];
}

export class IsosurfaceCaster {
  readonly pipeline: GPUComputePipeline;

  constructor(
    readonly colorizer: FieldColorizer,
    cache: PipelineCache = new PipelineCache(colorizer.gpu.device),
  ) {
    const code = composeShader(source, { structs: [IsoParams] });
    this.pipeline = cache.compute('IsosurfaceCaster.pipeline', code, 'main', { WORKGROUP_X: RAY_WORKGROUP, WORKGROUP_Y: RAY_WORKGROUP });
  }

  createImage(label: string, field: GPUBuffer, shape: readonly number[], extent: readonly number[]): IsosurfaceImage {
    return new IsosurfaceImage(this, label, field, shape, extent);
  }
}

export class IsosurfaceImage extends RayCastImage {
  constructor(caster: IsosurfaceCaster, label: string, field: GPUBuffer, shape: readonly number[], extent: readonly number[]) {
    super(caster, label, field, shape, extent, IsoParams.byteSize);
  }

  /** Write the uniforms for `camera` (matrices must be current) and record the dispatch. */
  encode(pass: GPUComputePassEncoder, camera: Camera, settings: IsosurfaceSettings): void {
    // Half a cell per step: the surface crossing is refined between samples.
    const stepLength = 0.5 * Math.min(...this.extent.map((e, i) => e / this.cells[i]));
    IsoParams.pack(
      {
        ...this.geometry(camera, stepLength),
        level: settings.level,
        surfaceColor: [...settings.surfaceColor.slice(0, 3), 1],
        range: settings.range,
        stepLength,
        ambient: AMBIENT,
      },
      this.paramBytes,
    );
    this.dispatch(pass, settings.colormap.name);
  }
}
