/**
 * Iso-surface of a 3D field by ray casting on the GPU (shaders/render/raycast_isosurface.wgsl): a
 * compute kernel marches each pixel's camera ray through the simulation's f32 buffer and writes a
 * screen-space RGBA8 image, which three.js draws as a full-screen layer (sliceView.ts). The image is
 * recomputed when the field, the settings or the camera change.
 *
 * `IsosurfaceCaster` owns the pipeline; an `IsosurfaceImage` owns one output texture (sized to the
 * canvas within a texel budget) with its uniforms and bind groups.
 */
import type { Camera } from 'three/webgpu';
import { Matrix4 } from 'three/webgpu';
import source from '../../shaders/render/raycast_isosurface.wgsl?raw';
import { createUniformBuffer } from '../gpu/buffers.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { COLORMAPS, type Colormap } from '../io/colormap.ts';
import { FIELD_IMAGE_FORMAT, type FieldColorizer } from './fieldColorizer.ts';

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

const WORKGROUP = 8;
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
    this.pipeline = cache.compute('IsosurfaceCaster.pipeline', code, 'main', { WORKGROUP_X: WORKGROUP, WORKGROUP_Y: WORKGROUP });
  }

  createImage(label: string, field: GPUBuffer, shape: readonly number[], extent: readonly number[]): IsosurfaceImage {
    return new IsosurfaceImage(this, label, field, shape, extent);
  }
}

export class IsosurfaceImage {
  texture: GPUTexture | undefined;
  width = 0;
  height = 0;
  private readonly params: GPUBuffer;
  private readonly paramBytes = new ArrayBuffer(IsoParams.byteSize);
  private groups = new Map<string, GPUBindGroup>();
  private readonly matrix = new Matrix4();

  constructor(
    private readonly caster: IsosurfaceCaster,
    readonly label: string,
    private readonly field: GPUBuffer,
    private readonly shape: readonly number[],
    /** Box side lengths, longest 1 (the world units of the 3D view). */
    private readonly extent: readonly number[],
  ) {
    this.params = createUniformBuffer(caster.colorizer.gpu.device, `${label}.params`, IsoParams.byteSize);
  }

  /** (Re)allocate the output image; returns true when a new texture was made (the caller re-wraps it for three). */
  resize(width: number, height: number): boolean {
    width = Math.max(1, Math.round(width));
    height = Math.max(1, Math.round(height));
    if (this.texture && width === this.width && height === this.height) return false;
    this.texture?.destroy();
    const device = this.caster.colorizer.gpu.device;
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
          layout: this.caster.pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: this.field } },
            { binding: 1, resource: { buffer: this.caster.colorizer.lut(map) } },
            { binding: 2, resource: { buffer: this.params } },
            { binding: 3, resource: view },
          ],
        }),
      );
    }
    return true;
  }

  /** Write the uniforms for `camera` (matrices must be current) and record the dispatch. */
  encode(pass: GPUComputePassEncoder, camera: Camera, settings: IsosurfaceSettings): void {
    const group = this.groups.get(settings.colormap.name);
    if (!this.texture || !group) return;
    const m = this.matrix.multiplyMatrices(camera.matrixWorld, camera.projectionMatrixInverse).elements;
    const cells = [this.shape[0], this.shape[1], this.shape[2]];
    const stepLength = 0.5 * Math.min(...this.extent.map((e, i) => e / cells[i]));
    const diagonal = Math.hypot(...this.extent);
    IsoParams.pack(
      {
        invViewProj0: m.slice(0, 4),
        invViewProj1: m.slice(4, 8),
        invViewProj2: m.slice(8, 12),
        invViewProj3: m.slice(12, 16),
        boxHalf: this.extent.map((e) => e / 2),
        level: settings.level,
        cells,
        maxSteps: Math.ceil(diagonal / stepLength) + 2,
        surfaceColor: [...settings.surfaceColor.slice(0, 3), 1],
        outSize: [this.width, this.height],
        range: settings.range,
        stepLength,
        ambient: AMBIENT,
      },
      this.paramBytes,
    );
    this.caster.colorizer.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
    pass.setPipeline(this.caster.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(this.width / WORKGROUP), Math.ceil(this.height / WORKGROUP));
  }

  dispose(): void {
    this.texture?.destroy();
    this.params.destroy();
  }
}
