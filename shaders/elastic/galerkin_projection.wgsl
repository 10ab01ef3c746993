// Inhomogeneous elasticity, conjugate gradients (Fourier space): the Galerkin projection G' of the
// reference-free Lippmann-Schwinger system (Zeman et al., J. Comput. Phys. 229 (2010) 8065; de Geus et
// al., CMAME 318 (2017) 412), in place on the six stress/strain spectra:
//   k != 0:  G'(tau)_hat = sym(n (x) v),  v = 2 t - n (n . t),  t = tau_hat n,  |n| = 1
//            (Gamma of the reference medium I_s, A = (I + n n^T) / 2, A^-1 = 2 I - n n^T: the orthogonal
//            projection onto compatible zero-mean fields in the a : b inner product)
//   k = 0:   stress-controlled mean components (ElasticParams.prescribed = 0) kept, strain-controlled
//            ones zeroed: G' also projects onto the admissible mean strains of the mixed conditions.
// n is the direction of elastic/green_direction (continuous or Willot's rotated operator); n = 0 -> 0.
// Per workgroup (ITEMS x WORKGROUP_SIZE modes) it sums w sum_p m_p |G'(tau)_hat_p|^2 (Parseval weight w, shear weight m_p = 1 or 2);
// divided by N this is sum_x G'(tau) : G'(tau) (cg_scalars.wgsl).
// Invariants: G' G' = G'; G' is symmetric; its output is the spectrum of a real field (n(-k) = +-n(k)).
// Only the components G' can make non-zero (bit p of FLUCTUATING; ElasticSolverOptions.fluctuating) are
// read and written: the others are zero on input and output (ConjugateGradientScheme).
// Bindings: spectra (read/write: 6 blocks of spectrumCount complex values, tensor components xx, yy,
//   zz, yz, xz, xy), partials (write, one per workgroup), greenTable (read), params (ChParams),
//   elastic (ElasticParams).

// #import ch/wavevector
// #import elastic/green_direction
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override FLUCTUATING: u32 = 63u;
override ITEMS: u32 = 4u; // modes per invocation (a workgroup owns ITEMS x WORKGROUP_SIZE consecutive modes)

fn fluctuating(p: u32) -> bool {
  return (FLUCTUATING & (1u << p)) != 0u;
}

@group(0) @binding(0) var<storage, read_write> spectra: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
@group(0) @binding(2) var<storage, read> greenTable: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> params: ChParams;
@group(0) @binding(4) var<uniform> elastic: ElasticParams;

// sym(n (x) (2 t - n (n.t))) with t = tau n, for one (real or imaginary) part; tensor components
fn project_part(n: vec3<f32>, s: array<f32, 6>) -> array<f32, 6> {
  let t = vec3<f32>(s[0] * n.x + s[5] * n.y + s[4] * n.z,
                    s[5] * n.x + s[1] * n.y + s[3] * n.z,
                    s[4] * n.x + s[3] * n.y + s[2] * n.z);
  let v = 2.0 * t - n * dot(n, t);
  return array<f32, 6>(n.x * v.x, n.y * v.y, n.z * v.z,
                       0.5 * (n.y * v.z + n.z * v.y), 0.5 * (n.x * v.z + n.z * v.x), 0.5 * (n.x * v.y + n.y * v.x));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let count = params.spectrumCount;
  var sum = 0.0;
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i >= count) { continue; }
    var re = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    var im = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (var p = 0u; p < 6u; p = p + 1u) {
      if (!fluctuating(p)) { continue; }
      let s = spectra[p * count + i];
      re[p] = s.x;
      im[p] = s.y;
    }
    // explicitly zeroed: a declaration without initializer inside the loop kept the previous mode's
    // values on lavapipe where no branch below assigns (d = 0, Willot's Nyquist modes)
    var outRe = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    var outIm = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    if (i == 0u) {
      let prescribed = array<f32, 6>(elastic.prescribed0.x, elastic.prescribed0.y, elastic.prescribed0.z, elastic.prescribed0.w, elastic.prescribed1.x, elastic.prescribed1.y);
      for (var p = 0u; p < 6u; p = p + 1u) {
        let keep = prescribed[p] < 0.5;
        outRe[p] = select(0.0, re[p], keep);
        outIm[p] = select(0.0, im[p], keep);
      }
    } else {
      let d = green_direction(i);
      let d2 = dot(d, d);
      if (d2 > 0.0) {
        let n = d * inverseSqrt(d2);
        outRe = project_part(n, re);
        outIm = project_part(n, im);
      }
    }
    let w = parseval_weight(i);
    for (var p = 0u; p < 6u; p = p + 1u) {
      if (!fluctuating(p)) { continue; }
      spectra[p * count + i] = vec2<f32>(outRe[p], outIm[p]);
      sum = sum + w * select(1.0, 2.0, p >= 3u) * (outRe[p] * outRe[p] + outIm[p] * outIm[p]);
    }
  }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { partials[wid] = total; }
}
