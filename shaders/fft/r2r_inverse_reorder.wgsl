// Real-to-real inverse transform, step 3 of 3: the inverse complex FFT v of the reordered line -> the
// real field x, undoing r2r_forward_reorder along every walled axis:
//
//   x[m] = s(m) Re v[n],  n_a = makhoul_position(m_a, N_a) on cosine/sine axes, n_a = m_a on periodic axes,
//   s(m) = prod over sine axes of (-1)^{m_a}.
//
// (v is real up to rounding for the spectrum of a real field; its imaginary part is dropped, as in
// FFTW's c2r.) Bindings: 0 line v (read), 1 field (write, f32), 2 params (R2rParams).

// #import fft/r2r_axes

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> line: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> field: array<f32>;
@group(0) @binding(2) var<uniform> params: R2rParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.shape.w) { return; }
  let m = r2r_coords(i);
  var n = m;
  var sign = 1.0;
  for (var a = 0u; a < 3u; a = a + 1u) {
    let kind = params.kinds[a];
    if (kind != AXIS_PERIODIC) {
      n[a] = makhoul_position(m[a], params.shape[a]);
      if (kind == AXIS_SINE && (m[a] & 1u) == 1u) { sign = -sign; }
    }
  }
  field[i] = sign * line[r2r_index(n)].x;
}
