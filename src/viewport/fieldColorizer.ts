/**
 * Field -> image on the GPU: a compute kernel (shaders/render/colormap_field.wgsl) reads the
 * simulation's f32 storage buffer and writes a colormapped RGBA8 storage texture, which three.js then
 * samples (see fieldTexture.ts and docs/viewport.md). Nothing goes through the CPU per frame.
 *
 * `FieldColorizer` owns the pipeline and one colormap table buffer per colormap; a `FieldImage`
 * owns one output texture for one plane of one field (the whole 2D field, or a slice of a 3D field)
 * with its uniform buffer and bind groups, built once. `encode()` writes the uniforms and dispatches.
 */
import source from '../../shaders/render/colormap_field.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { uploadStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { COLORMAPS, type Colormap } from '../io/colormap.ts';

export const ColormapParams = uniformLayout('ColormapParams', [
  ['cells', 'vec2u'],
  ['strides', 'vec2u'],
  ['outSize', 'vec2u'],
  ['sliceOffset', 'u32'],
  ['upsample', 'u32'],
  ['range', 'vec2f'],
  ['offset', 'f32'],
  ['contourLevel', 'f32'],
  ['contourWidth', 'f32'],
  ['contourColor', 'vec4f'],
  ['nanColor', 'vec4f'],
  ['outlineColor', 'vec4f'],
  ['outlineLevel', 'f32'],
  ['outlineWidth', 'f32'],
] as const);

const WORKGROUP = 8;
/** Texture format of the images: storage-capable everywhere in core WebGPU and filterable. */
export const FIELD_IMAGE_FORMAT: GPUTextureFormat = 'rgba8unorm';

/** Which plane of the grid an image shows: its horizontal (u) and vertical (v) grid axes, the third axis and the index along it. */
export interface ImagePlane {
  axisU: 0 | 1 | 2;
  axisV: 0 | 1 | 2;
  sliceAxis: 0 | 1 | 2;
  sliceIndex: number;
}

export const PLANE_2D: ImagePlane = { axisU: 0, axisV: 1, sliceAxis: 2, sliceIndex: 0 };

export interface ColorizeSettings {
  colormap: Colormap;
  /** Displayed values (after subtracting `offset`) mapped to the two ends of the colormap. */
  range: readonly [number, number];
  /** Subtracted from the field before mapping (e.g. the mean, to show deviations). */
  offset: number;
  /** Iso-line of the raw field value, width in image texels, display RGBA; null for none. */
  contour: { level: number; widthTexels: number; color: readonly number[] } | null;
  /** Iso-line of the image's outline field (the particle surface psi = 1/2), drawn over the first; null for none. */
  outline?: { level: number; widthTexels: number; color: readonly number[] } | null;
}

const NAN_COLOR = [1, 0, 1, 1];

/** Texels per cell along each image axis: enough for smooth contours, at most `maxTexels` per side, 1..4. */
export function upsampleFactor(cellsU: number, cellsV: number, maxTexels: number): number {
  return Math.max(1, Math.min(4, Math.floor(maxTexels / Math.max(cellsU, cellsV))));
}

export class FieldColorizer {
  readonly pipeline: GPUComputePipeline;
  private readonly luts = new Map<string, GPUBuffer>();

  constructor(
    readonly gpu: GpuContext,
    cache: PipelineCache = new PipelineCache(gpu.device),
  ) {
    const code = composeShader(source, { structs: [ColormapParams] });
    this.pipeline = cache.compute('FieldColorizer.pipeline', code, 'main', { WORKGROUP_X: WORKGROUP, WORKGROUP_Y: WORKGROUP });
    for (const map of Object.values(COLORMAPS)) {
      this.luts.set(map.name, uploadStorageBuffer(gpu, `FieldColorizer.lut.${map.name}`, map.controlPoints));
    }
  }

  lut(map: Colormap): GPUBuffer {
    const buffer = this.luts.get(map.name);
    if (!buffer) throw new Error(`FieldColorizer: colormap "${map.name}" is not registered in COLORMAPS`);
    return buffer;
  }

  /** An image of `field`; `outline` (same grid) is a second field whose iso-line can be drawn over it. */
  createImage(label: string, field: GPUBuffer, shape: readonly number[], plane: ImagePlane, maxTexels = 1024, outline?: GPUBuffer): FieldImage {
    return new FieldImage(this, label, field, shape, plane, maxTexels, outline);
  }

  dispose(): void {
    for (const b of this.luts.values()) b.destroy();
    this.luts.clear();
  }
}

export class FieldImage {
  readonly texture: GPUTexture;
  readonly width: number;
  readonly height: number;
  readonly upsample: number;
  private readonly params: GPUBuffer;
  private readonly paramBytes = new ArrayBuffer(ColormapParams.byteSize);
  private readonly groups = new Map<string, GPUBindGroup>();
  private readonly shape3: [number, number, number];
  private plane: ImagePlane;

  constructor(
    private readonly colorizer: FieldColorizer,
    readonly label: string,
    field: GPUBuffer,
    shape: readonly number[],
    plane: ImagePlane,
    maxTexels: number,
    /** Field of the outline iso-line; without one the field itself is bound (and no line drawn). */
    private readonly outline?: GPUBuffer,
  ) {
    const device = colorizer.gpu.device;
    this.shape3 = [shape[0], shape[1], shape[2] ?? 1];
    this.plane = { ...plane };
    const cellsU = this.shape3[plane.axisU];
    const cellsV = this.shape3[plane.axisV];
    this.upsample = upsampleFactor(cellsU, cellsV, maxTexels);
    this.width = cellsU * this.upsample;
    this.height = cellsV * this.upsample;
    this.texture = device.createTexture({
      label: `${label}.image`,
      size: [this.width, this.height],
      format: FIELD_IMAGE_FORMAT,
      usage: GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_SRC,
    });
    this.params = createUniformBuffer(device, `${label}.params`, ColormapParams.byteSize);
    const view = this.texture.createView({ label: `${label}.imageView` });
    for (const map of Object.values(COLORMAPS)) {
      const lut = colorizer.lut(map);
      this.groups.set(
        map.name,
        device.createBindGroup({
          label: `${label}.bindGroup.${map.name}`,
          layout: colorizer.pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: field } },
            { binding: 1, resource: { buffer: lut } },
            { binding: 2, resource: { buffer: this.params } },
            { binding: 3, resource: view },
            { binding: 4, resource: { buffer: outline ?? field } },
          ],
        }),
      );
    }
  }

  /** Cells along the slice axis (1 for a 2D field). */
  get sliceCount(): number {
    return this.shape3[this.plane.sliceAxis];
  }

  get sliceIndex(): number {
    return this.plane.sliceIndex;
  }

  setSliceIndex(index: number): void {
    this.plane.sliceIndex = Math.max(0, Math.min(this.sliceCount - 1, Math.round(index)));
  }

  /** Write the uniforms (queue.writeBuffer, ordered before the next submit) and record the dispatch. */
  encode(pass: GPUComputePassEncoder, settings: ColorizeSettings): void {
    const group = this.groups.get(settings.colormap.name);
    if (!group) throw new Error(`${this.label}: no bind group for colormap "${settings.colormap.name}"`);
    const strides = [1, this.shape3[0], this.shape3[0] * this.shape3[1]];
    const { axisU, axisV, sliceAxis, sliceIndex } = this.plane;
    ColormapParams.pack(
      {
        cells: [this.shape3[axisU], this.shape3[axisV]],
        strides: [strides[axisU], strides[axisV]],
        outSize: [this.width, this.height],
        sliceOffset: sliceIndex * strides[sliceAxis],
        upsample: this.upsample,
        range: settings.range,
        offset: settings.offset,
        contourLevel: settings.contour?.level ?? 0,
        contourWidth: settings.contour?.widthTexels ?? 0,
        contourColor: settings.contour?.color ?? [0, 0, 0, 0],
        nanColor: NAN_COLOR,
        outlineColor: settings.outline?.color ?? [0, 0, 0, 0],
        outlineLevel: settings.outline?.level ?? 0,
        outlineWidth: this.outline ? (settings.outline?.widthTexels ?? 0) : 0,
      },
      this.paramBytes,
    );
    this.colorizer.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
    pass.setPipeline(this.colorizer.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(this.width / WORKGROUP), Math.ceil(this.height / WORKGROUP));
  }

  dispose(): void {
    this.texture.destroy();
    this.params.destroy();
  }
}
