/**
 * Inhomogeneous moduli (phase-dependent stiffness C(c), a particle in a matrix C(psi)): the basic
 * FFT fixed-point scheme of Moulinec & Suquet (CMAME 157 (1998) 69) with the reference medium C0 of
 * src/scene/resolveElasticity.ts, warm-started from the previous time step's strain. One iteration:
 *   fixed_point_stress   sigma = C(x) : (eps - eps0(x))                       (real space)
 *   6 forward FFTs       sigma -> sigma_hat
 *   mean_strain_update   mean strain from sigma_hat(0) and the boundary condition
 *   green_update         d eps_hat = -Gamma0 : sigma_hat  (+ residual partials)
 *   fixed_point_residual r = RMS(d eps) / |eps00|, iteration counter         (GPU-resident)
 *   6 inverse FFTs       d eps_hat -> d eps
 *   strain_update        eps += d eps + d ebar
 * The host chooses how many iterations each time step gets from the residuals it reads back (never
 * waiting inside the step loop); elastic_potential then adds mu_el to the Cahn-Hilliard potential.
 */
import fixedPointStressSource from '../../shaders/elastic/fixed_point_stress.wgsl?raw';
import meanStrainSource from '../../shaders/elastic/mean_strain_update.wgsl?raw';
import greenSource from '../../shaders/elastic/green_update.wgsl?raw';
import residualSource from '../../shaders/elastic/fixed_point_residual.wgsl?raw';
import strainUpdateSource from '../../shaders/elastic/strain_update.wgsl?raw';
import potentialSource from '../../shaders/elastic/elastic_potential.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { bindBuffers, type PipelineCache } from '../gpu/pipelineCache.ts';
import type { RealFft } from '../fft/realFft.ts';
import { ElasticState } from './elasticLayouts.ts';

const WORKGROUP_SIZE = 256;
const COMPONENTS = 6;

export interface FixedPointBuffers {
  /** total strain eps, 6 blocks of cellCount (tensor components xx, yy, zz, yz, xz, xy), internal units */
  strain: GPUBuffer;
  /** iteration state: mean strain, its last change, residual, iteration count (ElasticState) */
  state: GPUBuffer;
  /** particle indicator psi (a 16-byte placeholder without a matrix) */
  indicator: GPUBuffer;
}

export class ElasticFixedPoint {
  readonly buffers: FixedPointBuffers;
  /** bytes of GPU memory held */
  readonly bytes: number;
  /** iterations recorded per time step; the host adapts it to the tolerance */
  iterationsPerStep = 4;
  private readonly work: { stress: GPUBuffer; spectra: GPUBuffer; real: GPUBuffer; complex: GPUBuffer; partials: GPUBuffer };
  private readonly passes: { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] | [number] }[];
  private readonly potential: { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };

  constructor(
    readonly gpu: GpuContext,
    private readonly fft: RealFft,
    cache: PipelineCache,
    compose: (source: string) => string,
    params: { ch: GPUBuffer; elastic: GPUBuffer },
    private readonly counts: { cells: number; spectrum: number },
    fields: { concentration: GPUBuffer; potential: GPUBuffer; elasticPartials: GPUBuffer; indicator?: Float64Array },
    dispatch: { cells: [number, number]; spectrum: [number, number]; bulk: [number, number] },
    constants: { ITEMS: number },
  ) {
    const device = gpu.device;
    const n = counts.cells;
    const real = n * 4;
    const complex = counts.spectrum * 8;
    const indicator = fields.indicator
      ? createStorageBuffer(gpu, 'ElasticFixedPoint.indicator', real)
      : createStorageBuffer(gpu, 'ElasticFixedPoint.noIndicator', 16);
    if (fields.indicator) device.queue.writeBuffer(indicator, 0, Float32Array.from(fields.indicator));
    this.buffers = {
      strain: createStorageBuffer(gpu, 'ElasticFixedPoint.strain', COMPONENTS * real),
      state: createStorageBuffer(gpu, 'ElasticFixedPoint.state', ElasticState.byteSize),
      indicator,
    };
    this.work = {
      stress: createStorageBuffer(gpu, 'ElasticFixedPoint.stress', COMPONENTS * real),
      spectra: createStorageBuffer(gpu, 'ElasticFixedPoint.spectra', COMPONENTS * complex),
      real: createStorageBuffer(gpu, 'ElasticFixedPoint.real', real),
      complex: createStorageBuffer(gpu, 'ElasticFixedPoint.complex', complex),
      partials: createStorageBuffer(gpu, 'ElasticFixedPoint.partials', Math.ceil(counts.spectrum / WORKGROUP_SIZE) * 4),
    };
    this.bytes = 2 * COMPONENTS * real + COMPONENTS * complex + real + complex + indicator.size + this.work.partials.size;
    const b = this.buffers;
    const w = this.work;
    const make = (label: string, source: string, buffers: GPUBuffer[], d: [number, number] | [number], extra: Record<string, number> = {}) => {
      const pipeline = cache.compute(`ElasticFixedPoint.${label}`, compose(source), 'main', extra);
      return { pipeline, group: bindBuffers(device, `ElasticFixedPoint.${label}`, pipeline, buffers), dispatch: d };
    };
    this.passes = [
      make('stress', fixedPointStressSource, [fields.concentration, indicator, b.strain, w.stress, params.ch, params.elastic], dispatch.cells, { WORKGROUP_SIZE }),
      make('meanStrain', meanStrainSource, [w.spectra, b.state, params.ch, params.elastic], [1]),
      make('green', greenSource, [w.spectra, w.partials, params.ch, params.elastic], [Math.ceil(counts.spectrum / WORKGROUP_SIZE)], { WORKGROUP_SIZE }),
      make('residual', residualSource, [w.partials, b.state, params.ch, params.elastic], [1], { WORKGROUP_SIZE }),
      make('strainUpdate', strainUpdateSource, [b.strain, w.stress, b.state, params.ch], dispatch.cells, { WORKGROUP_SIZE }),
    ];
    const pipeline = cache.compute('ElasticFixedPoint.elasticPotential', compose(potentialSource), 'main', { WORKGROUP_SIZE, ITEMS: constants.ITEMS });
    this.potential = {
      pipeline,
      group: bindBuffers(device, 'ElasticFixedPoint.elasticPotential', pipeline, [fields.concentration, indicator, b.strain, fields.potential, fields.elasticPartials, params.ch, params.elastic]),
      dispatch: dispatch.bulk,
    };
    this.reset();
  }

  /** Declared state (issue #25): the warm-start strain and the iteration state (mean strain, residual, count). */
  stateBuffers(): [string, GPUBuffer][] {
    return [['elastic_strain', this.buffers.strain], ['elastic_state', this.buffers.state]];
  }

  /** Zero strain and mean: the next iterations start from scratch. */
  reset(): void {
    const device = this.gpu.device;
    device.queue.writeBuffer(this.buffers.strain, 0, new Float32Array(COMPONENTS * this.counts.cells));
    device.queue.writeBuffer(this.buffers.state, 0, new Uint8Array(ElasticState.byteSize));
  }

  private dispatchPass(encoder: GPUCommandEncoder, index: number): void {
    const p = this.passes[index];
    const pass = encoder.beginComputePass({ label: p.pipeline.label });
    pass.setPipeline(p.pipeline);
    pass.setBindGroup(0, p.group);
    pass.dispatchWorkgroups(...(p.dispatch as [number, number]));
    pass.end();
  }

  /** Record `count` fixed-point iterations for the current composition. */
  encodeIterations(encoder: GPUCommandEncoder, count = this.iterationsPerStep): void {
    const real = this.counts.cells * 4;
    const complex = this.counts.spectrum * 8;
    const w = this.work;
    for (let it = 0; it < count; it++) {
      this.dispatchPass(encoder, 0);
      for (let p = 0; p < COMPONENTS; p++) {
        encoder.copyBufferToBuffer(w.stress, p * real, w.real, 0, real);
        this.fft.forward(encoder, w.real, w.complex);
        encoder.copyBufferToBuffer(w.complex, 0, w.spectra, p * complex, complex);
      }
      this.dispatchPass(encoder, 1);
      this.dispatchPass(encoder, 2);
      this.dispatchPass(encoder, 3);
      for (let p = 0; p < COMPONENTS; p++) {
        encoder.copyBufferToBuffer(w.spectra, p * complex, w.complex, 0, complex);
        this.fft.inverse(encoder, w.complex, w.real);
        encoder.copyBufferToBuffer(w.real, 0, w.stress, p * real, real);
      }
      this.dispatchPass(encoder, 4);
    }
  }

  /** g += mu_el of the current strain, and the elastic-energy partial sums (after bulk_potential). */
  encodePotential(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'ElasticFixedPoint.elasticPotential' });
    pass.setPipeline(this.potential.pipeline);
    pass.setBindGroup(0, this.potential.group);
    pass.dispatchWorkgroups(...this.potential.dispatch);
    pass.end();
  }

  dispose(): void {
    for (const buffer of [...Object.values(this.buffers), ...Object.values(this.work)]) buffer.destroy();
  }
}
