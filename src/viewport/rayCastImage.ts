/**
 * What the two ray casters of 3D fields share (isosurfaceCaster.ts, volumeRenderer.ts): one screen-space
 * RGBA8 output texture sized to the canvas, its bind groups (one per colormap: field, colour table,
 * uniforms, image), the camera ray set-up every kernel needs (inverse view-projection, the box, the
 * cell counts, the number of march steps) and the 8 x 8 dispatch over the image.
 */
import type { Camera } from 'three/webgpu';
import { Matrix4 } from 'three/webgpu';
import { createUniformBuffer } from '../gpu/buffers.ts';
import { COLORMAPS } from '../io/colormap.ts';
import { FIELD_IMAGE_FORMAT, type FieldColorizer } from './fieldColorizer.ts';

/** Workgroup side of the ray-casting kernels (WORKGROUP_X = WORKGROUP_Y). */
export const RAY_WORKGROUP = 8;

export interface RayCaster {
  readonly colorizer: FieldColorizer;
  readonly pipeline: GPUComputePipeline;
}

/** Uniform fields every ray-casting kernel reads, in the names of their parameter layouts. */
export interface RayGeometry {
  invViewProj0: number[];
  invViewProj1: number[];
  invViewProj2: number[];
  invViewProj3: number[];
  boxHalf: number[];
  cells: number[];
  maxSteps: number;
  outSize: number[];
}

export abstract class RayCastImage {
  texture: GPUTexture | undefined;
  width = 0;
  height = 0;
  protected readonly params: GPUBuffer;
  protected readonly paramBytes: ArrayBuffer;
  private groups = new Map<string, GPUBindGroup>();
  private readonly matrix = new Matrix4();

  constructor(
    protected readonly caster: RayCaster,
    readonly label: string,
    private readonly field: GPUBuffer,
    protected readonly shape: readonly number[],
    /** Box side lengths, longest 1 (the world units of the 3D view). */
    protected readonly extent: readonly number[],
    paramByteSize: number,
  ) {
    this.params = createUniformBuffer(caster.colorizer.gpu.device, `${label}.params`, paramByteSize);
    this.paramBytes = new ArrayBuffer(paramByteSize);
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

  /** Cells per axis of the field (3D). */
  protected get cells(): number[] {
    return [this.shape[0], this.shape[1], this.shape[2]];
  }

  /** The ray set-up for `camera` (matrices must be current) with march steps of `stepLength`. */
  protected geometry(camera: Camera, stepLength: number): RayGeometry {
    const m = this.matrix.multiplyMatrices(camera.matrixWorld, camera.projectionMatrixInverse).elements;
    return {
      invViewProj0: m.slice(0, 4),
      invViewProj1: m.slice(4, 8),
      invViewProj2: m.slice(8, 12),
      invViewProj3: m.slice(12, 16),
      boxHalf: this.extent.map((e) => e / 2),
      cells: this.cells,
      maxSteps: Math.ceil(Math.hypot(...this.extent) / stepLength) + 2,
      outSize: [this.width, this.height],
    };
  }

  /** Upload the packed uniforms (paramBytes) and record the dispatch with `colormap`'s bind group. */
  protected dispatch(pass: GPUComputePassEncoder, colormap: string): void {
    const group = this.groups.get(colormap);
    if (!this.texture || !group) return;
    this.caster.colorizer.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
    pass.setPipeline(this.caster.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(this.width / RAY_WORKGROUP), Math.ceil(this.height / RAY_WORKGROUP));
  }

  dispose(): void {
    this.texture?.destroy();
    this.params.destroy();
  }
}
