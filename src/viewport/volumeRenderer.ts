/**
 * Direct volume rendering of a 3D field on the GPU (shaders/render/raycast_volume.wgsl): a compute
 * kernel marches each pixel's camera ray through the simulation's f32 buffer, maps every sample to a
 * colour (the view's colormap) and an opacity (a ramp over the same normalised value) and composites
 * front to back (Engel et al. 2006, Real-Time Volume Graphics, ch. 7) into a screen-space RGBA8 image
 * that three.js draws as a full-screen layer, like the iso-surface (isosurfaceCaster.ts).
 *
 * `VolumeRenderer` owns the pipeline; a `VolumeImage` owns one output texture (sized to the canvas
 * within a texel budget) with its uniforms and bind groups.
 */
import type { Camera } from 'three/webgpu';
import { Matrix4 } from 'three/webgpu';
import source from '../../shaders/render/raycast_volume.wgsl?raw';
import { createUniformBuffer } from '../gpu/buffers.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { COLORMAPS, type Colormap } from '../io/colormap.ts';
import { FIELD_IMAGE_FORMAT, type FieldColorizer } from './fieldColorizer.ts';

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

const WORKGROUP = 8;

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
    this.pipeline = cache.compute('VolumeRenderer.pipeline', code, 'main', { WORKGROUP_X: WORKGROUP, WORKGROUP_Y: WORKGROUP });
  }

  createImage(label: string, field: GPUBuffer, shape: readonly number[], extent: readonly number[]): VolumeImage {
    return new VolumeImage(this, label, field, shape, extent);
  }
}

export class VolumeImage {
  texture: GPUTexture | undefined;
  width = 0;
  height = 0;
  private readonly params: GPUBuffer;
  private readonly paramBytes = new ArrayBuffer(VolumeParams.byteSize);
  private groups = new Map<string, GPUBindGroup>();
  private readonly matrix = new Matrix4();

  constructor(
    private readonly renderer: VolumeRenderer,
    readonly label: string,
    private readonly field: GPUBuffer,
    private readonly shape: readonly number[],
    /** Box side lengths, longest 1 (the world units of the 3D view). */
    private readonly extent: readonly number[],
  ) {
    this.params = createUniformBuffer(renderer.colorizer.gpu.device, `${label}.params`, VolumeParams.byteSize);
  }

  /** (Re)allocate the output image; returns true when a new texture was made (the caller re-wraps it for three). */
  resize(width: number, height: number): boolean {
    width = Math.max(1, Math.round(width));
    height = Math.max(1, Math.round(height));
    if (this.texture && width === this.width && height === this.height) return false;
    this.texture?.destroy();
    const device = this.renderer.colorizer.gpu.device;
    this.width = width;
    this.height = height;
    this.texture = device.createTexture({
      label: `${this.label}.image`,
      size: [width, height],
      format: FIELD_IMAGE_FORMAT,
      usage: GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_SRC,
    });
    const view = this.texture.createView({ label: `${this.label}.imageView` });
    this.groups = new Map();
    for (const map of Object.values(COLORMAPS)) {
      this.groups.set(
        map.name,
        device.createBindGroup({
          label: `${this.label}.bindGroup.${map.name}`,
          layout: this.renderer.pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: this.field } },
            { binding: 1, resource: { buffer: this.renderer.colorizer.lut(map) } },
            { binding: 2, resource: { buffer: this.params } },
            { binding: 3, resource: view },
          ],
        }),
      );
    }
    return true;
  }

  /** Write the uniforms for `camera` (matrices must be current) and record the dispatch. */
  encode(pass: GPUComputePassEncoder, camera: Camera, settings: VolumeSettings): void {
    const group = this.groups.get(settings.colormap.name);
    if (!this.texture || !group) return;
    const m = this.matrix.multiplyMatrices(camera.matrixWorld, camera.projectionMatrixInverse).elements;
    const cells = [this.shape[0], this.shape[1], this.shape[2]];
    // One sample per cell along the ray: trilinear interpolation varies on that scale.
    const stepLength = Math.min(...this.extent.map((e, i) => e / cells[i]));
    const diagonal = Math.hypot(...this.extent);
    VolumeParams.pack(
      {
        invViewProj0: m.slice(0, 4),
        invViewProj1: m.slice(4, 8),
        invViewProj2: m.slice(8, 12),
        invViewProj3: m.slice(12, 16),
        boxHalf: this.extent.map((e) => e / 2),
        stepLength,
        cells,
        maxSteps: Math.ceil(diagonal / stepLength) + 2,
        background: [...settings.background.slice(0, 3), 1],
        outSize: [this.width, this.height],
        range: settings.range,
        offset: settings.offset,
        density: settings.density ?? DEFAULT_DENSITY,
        rampStart: settings.rampStart ?? DEFAULT_RAMP_START,
        ramp: settings.signed ? 1 : 0,
      },
      this.paramBytes,
    );
    this.renderer.colorizer.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
    pass.setPipeline(this.renderer.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(this.width / WORKGROUP), Math.ceil(this.height / WORKGROUP));
  }

  dispose(): void {
    this.texture?.destroy();
    this.params.destroy();
  }
}
