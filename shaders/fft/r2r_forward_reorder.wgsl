// Real-to-real forward transform, step 1 of 3: the real field x (f32) -> the complex line buffer v
// for the complex FFT, reordered along every walled axis (Makhoul 1980, see fft/r2r_axes):
//
//   v[n] = s(m) x[m],  m_a = makhoul_source(n_a, N_a) on cosine/sine axes, m_a = n_a on periodic axes,
//   s(m) = prod over sine axes of (-1)^{m_a}   (DST-II(x)[k] = DCT-II((-1)^m x)[N-1-k]),
//   imaginary part 0.
//
// Then the complex FFT of v over all axes, then r2r_forward_twiddle.wgsl.
// Bindings: 0 field (read, cellCount f32), 1 line (write, cellCount vec2<f32>), 2 params (R2rParams).
// Invariants: a permutation with signs: every value is copied exactly, nothing is rounded.

// #import fft/r2r_axes

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read_write> line: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: R2rParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.shape.w) { return; }
  let n = r2r_coords(i);
  var m = n;
  var sign = 1.0;
  for (var a = 0u; a < 3u; a = a + 1u) {
    let kind = params.kinds[a];
    if (kind != AXIS_PERIODIC) {
      m[a] = makhoul_source(n[a], params.shape[a]);
      if (kind == AXIS_SINE && (m[a] & 1u) == 1u) { sign = -sign; }
    }
  }
  line[i] = vec2<f32>(sign * field[r2r_index(m)], 0.0);
}
