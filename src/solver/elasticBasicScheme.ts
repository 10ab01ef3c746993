/**
 * The basic FFT fixed-point scheme of Moulinec & Suquet (CMAME 157 (1998) 69) with the reference
 * medium C0 of src/scene/resolveElasticity.ts; one of the two schemes of ElasticFixedPoint. One
 * iteration:
 *   fixed_point_stress   sigma = C(x) : eps - tau*(x)                          (real space)
 *   6 forward FFTs       sigma -> sigma_hat
 *   mean_strain_update   mean strain from sigma_hat(0) and the boundary condition
 *   green_update         d eps_hat = -Gamma0 : sigma_hat  (+ residual partials; continuous or Willot n)
 *   fixed_point_residual r = RMS(d eps) / |eps00|, iteration counter         (GPU-resident)
 *   6 inverse FFTs       d eps_hat -> d eps
 *   strain_update        eps += d eps + d ebar
 * With homogeneous moduli (C0 = C) one iteration from a compatible warm start is the exact solution.
 */
import fixedPointStressSource from '../../shaders/elastic/fixed_point_stress.wgsl?raw';
import meanStrainSource from '../../shaders/elastic/mean_strain_update.wgsl?raw';
import greenSource from '../../shaders/elastic/green_update.wgsl?raw';
import residualSource from '../../shaders/elastic/fixed_point_residual.wgsl?raw';
import strainUpdateSource from '../../shaders/elastic/strain_update.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { bindBuffers, type PipelineCache } from '../gpu/pipelineCache.ts';
import type { RealFft } from '../fft/realFft.ts';
import { ComponentTransforms } from './componentTransforms.ts';
import type { ElasticSchemeContext, ElasticScheme } from './elasticFixedPoint.ts';

const WORKGROUP_SIZE = 256;
const COMPONENTS = 6;

type Pass = { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] | [number] };

export class BasicScheme implements ElasticScheme {
  readonly bytes: number;
  private readonly work: { stress: GPUBuffer; spectra: GPUBuffer; partials: GPUBuffer };
  private readonly transforms: ComponentTransforms;
  private readonly passes: Pass[];

  constructor(
    gpu: GpuContext,
    fft: RealFft,
    cache: PipelineCache,
    private readonly context: ElasticSchemeContext,
  ) {
    const device = gpu.device;
    const { counts, compose, params, fields, dispatch, buffers } = context;
    const real = counts.cells * 4;
    const complex = counts.spectrum * 8;
    this.work = {
      stress: createStorageBuffer(gpu, 'ElasticFixedPoint.stress', COMPONENTS * real),
      spectra: createStorageBuffer(gpu, 'ElasticFixedPoint.spectra', COMPONENTS * complex),
      partials: createStorageBuffer(gpu, 'ElasticFixedPoint.partials', Math.ceil(counts.spectrum / WORKGROUP_SIZE) * 4),
    };
    this.transforms = new ComponentTransforms(gpu, fft, counts, 'ElasticFixedPoint');
    this.bytes = COMPONENTS * real + COMPONENTS * complex + this.transforms.bytes + this.work.partials.size;
    const w = this.work;
    const make = (label: string, source: string, bound: GPUBuffer[], d: [number, number] | [number], extra: Record<string, number> = {}): Pass => {
      const pipeline = cache.compute(`ElasticFixedPoint.${label}`, compose(source), 'main', extra);
      return { pipeline, group: bindBuffers(device, `ElasticFixedPoint.${label}`, pipeline, bound), dispatch: d };
    };
    this.passes = [
      make('stress', fixedPointStressSource, [fields.concentration, buffers.indicator, buffers.strain, w.stress, params.ch, params.elastic], dispatch.cells, { WORKGROUP_SIZE }),
      make('meanStrain', meanStrainSource, [w.spectra, buffers.state, params.ch, params.elastic], [1]),
      make('green', greenSource, [w.spectra, w.partials, params.ch, params.elastic, context.greenTable], [Math.ceil(counts.spectrum / WORKGROUP_SIZE)], { WORKGROUP_SIZE }),
      make('residual', residualSource, [w.partials, buffers.state, params.ch, params.elastic], [1], { WORKGROUP_SIZE }),
      make('strainUpdate', strainUpdateSource, [buffers.strain, w.stress, buffers.state, params.ch], dispatch.cells, { WORKGROUP_SIZE }),
    ];
  }

  private dispatchPass(encoder: GPUCommandEncoder, index: number): void {
    const p = this.passes[index];
    const pass = encoder.beginComputePass({ label: p.pipeline.label });
    pass.setPipeline(p.pipeline);
    pass.setBindGroup(0, p.group);
    pass.dispatchWorkgroups(...(p.dispatch as [number, number]));
    pass.end();
  }

  encode(encoder: GPUCommandEncoder, count: number): void {
    const w = this.work;
    for (let it = 0; it < count; it++) {
      this.dispatchPass(encoder, 0);
      for (let p = 0; p < COMPONENTS; p++) this.transforms.forward(encoder, w.stress, p, w.spectra);
      this.dispatchPass(encoder, 1);
      this.dispatchPass(encoder, 2);
      this.dispatchPass(encoder, 3);
      for (let p = 0; p < COMPONENTS; p++) this.transforms.inverse(encoder, w.spectra, p, w.stress);
      this.dispatchPass(encoder, 4);
    }
  }

  dispose(): void {
    for (const b of Object.values(this.work)) b.destroy();
    this.transforms.dispose();
  }
}
