/**
 * Poisson's equation eps lap(phi) = -rho with a constant permittivity eps, solved exactly in the
 * spectral basis of the box: per axis periodic, `noFlux` (insulating faces, zero normal field: the
 * cosine basis) or `fixed` (grounded faces, phi = 0: the sine basis), DESIGN.md 3.7. One forward
 * real-to-real transform, one pointwise division by eps |k|^2 (shaders/electrochem/poisson_spectral.wgsl)
 * and one inverse; nothing allocated or waited for per solve.
 *
 * Face values other than 0 go through a lift: phi = lift + psi with lap(lift) known (e.g. the linear
 * ramp between two held faces, whose Laplacian is 0), and psi solving eps lap(psi) = -(rho + eps lap(lift))
 * with grounded faces. The caller builds the lift; this class solves for psi.
 * Without a fixed axis phi is defined up to a constant: its mean is set to 0 and the mean of rho dropped.
 */
import poissonSource from '../../shaders/electrochem/poisson_spectral.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { dispatchSize } from '../gpu/dispatch.ts';
import { bindBuffers, PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader, WGSL_LIBRARY } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { RealToRealFft } from '../fft/realToRealFft.ts';
import type { BoundaryKind } from '../scene/boundarySchema.ts';
import { axisTransforms, basisCodes } from './spectralBasis.ts';

/** Uniforms of shaders/electrochem/poisson_spectral.wgsl (shape .. basis as ChParams, for ch/wavevector). */
export const PoissonParams = uniformLayout('PoissonParams', [
  ['shape', 'vec4u'],
  ['spectrumShape', 'vec4u'],
  ['inverseSize', 'vec4f'],
  ['basis', 'vec4u'],
  ['permittivity', 'f32'],
  ['spectrumCount', 'u32'],
] as const);

const WORKGROUP_SIZE = 256;

export interface PoissonBox {
  /** cells per axis [nx, ny] or [nx, ny, nz] */
  shape: readonly number[];
  /** box lengths per axis (the unit of phi's gradient) */
  lengths: readonly number[];
  /** faces per axis: periodic, noFlux (insulating: zero normal field), fixed (grounded: phi = 0) */
  boundary: readonly BoundaryKind[];
  /** eps, in units consistent with rho and the lengths */
  permittivity: number;
}

export class SpectralPoisson {
  readonly fft: RealToRealFft;
  private readonly spectrum: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly group: GPUBindGroup;
  private readonly dispatch: [number, number];

  constructor(gpu: GpuContext, box: PoissonBox, cache: PipelineCache = new PipelineCache(gpu.device)) {
    const label = 'SpectralPoisson';
    if (!(box.permittivity > 0)) throw new RangeError(`${label}: permittivity must be > 0, got ${box.permittivity}`);
    this.fft = new RealToRealFft(gpu, box.shape, axisTransforms(box), { cache, label: `${label}.fft` });
    const [nx, ny, nz = 1] = box.shape;
    const cells = nx * ny * nz;
    this.spectrum = createStorageBuffer(gpu, `${label}.spectrum`, cells * 8);
    this.params = createUniformBuffer(gpu.device, `${label}.params`, PoissonParams.byteSize);
    gpu.device.queue.writeBuffer(
      this.params,
      0,
      PoissonParams.pack({
        shape: [nx, ny, nz, 0],
        spectrumShape: [nx, ny, nz, 0],
        inverseSize: [1 / box.lengths[0], 1 / box.lengths[1], box.shape.length === 3 ? 1 / box.lengths[2] : 0, 0],
        basis: basisCodes(box),
        permittivity: box.permittivity,
        spectrumCount: cells,
      }),
    );
    const code = composeShader(poissonSource, { structs: [PoissonParams], library: { ...WGSL_LIBRARY, 'ch/wavevector': wavevectorSource } });
    this.pipeline = cache.compute(`${label}.divide`, code, 'main', { WORKGROUP_SIZE });
    this.group = bindBuffers(gpu.device, `${label}.divide`, this.pipeline, [this.spectrum, this.params]);
    this.dispatch = dispatchSize(Math.ceil(cells / WORKGROUP_SIZE), gpu.limits.maxComputeWorkgroupsPerDimension);
  }

  /** Record phi from rho (both real f32 fields on the grid, x fastest). `charge` is not modified. */
  encodeSolve(encoder: GPUCommandEncoder, charge: GPUBuffer, potential: GPUBuffer): void {
    this.fft.forward(encoder, charge, this.spectrum);
    const pass = encoder.beginComputePass({ label: 'SpectralPoisson.divide' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(...this.dispatch);
    pass.end();
    this.fft.inverse(encoder, this.spectrum, potential);
  }

  dispose(): void {
    this.fft.dispose();
    this.spectrum.destroy();
    this.params.destroy();
  }
}
