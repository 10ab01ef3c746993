// Library: the nearest-neighbour stencil of the CHR particle's smoothed-boundary operators (periodic
// box, x fastest): the index of the neighbour of cell i one step (+1 or -1) along `axis`, and 1/h^2 of
// that axis in internal units (h = L / n; 1 along x). The conservative face form of
// chr_potential.wgsl and chr_divergence.wgsl, sum over faces of psi_face (v_neighbour - v_i) / h^2,
// is local on purpose: spectral (global) derivatives would couple every exterior cell, whose c = u / psi
// is amplified by 1 / psi_min, to the whole particle, and no Fourier-diagonal implicit term bounds the
// resulting explicit operator (docs/electrochemistry.md, CHR numerics). Needs `params` (ChrParams).

// Only the coordinate along `axis` is recovered (one or two integer divisions), and the periodic wrap is a
// select: lavapipe divides lane by lane (x86 has no vector integer division), and recovering all three
// coordinates with modulo wraps cost about 20 divisions a cell in the two stencil kernels (docs/benchmark.md,
// "Stencil index arithmetic").
fn neighbor(i: u32, axis: u32, forward: bool) -> u32 {
  let nx = params.shape.x;
  var n = nx;       // extent along the axis
  var stride = 1u;  // index distance of one step along it
  var m = i % nx;   // the cell's coordinate along it
  if (axis == 1u) {
    n = params.shape.y;
    stride = nx;
    m = (i / nx) % n;
  } else if (axis == 2u) {
    n = params.shape.z;
    stride = nx * params.shape.y;
    m = i / stride;
  }
  let next = select(select(m - 1u, n - 1u, m == 0u), select(m + 1u, 0u, m + 1u == n), forward);
  return i + next * stride - m * stride;
}

fn inverse_spacing_squared(axis: u32) -> f32 {
  let h = 1.0 / (f32(params.shape[axis]) * params.inverseSize[axis]);
  return 1.0 / (h * h);
}

fn axis_count() -> u32 {
  return select(2u, 3u, params.shape.z > 1u);
}

// The weight of the face between two cells: the harmonic mean 2 a b / (a + b) of their psi (or psi M),
// the conductance of the two half cells in series. Divided by either cell's own psi it is at most 2, so
// every row of the operators (1/psi_i) sum_faces psi_f (v_j - v_i) is bounded by the homogeneous one,
// however steeply psi falls across the boundary (the arithmetic mean gives psi_f / psi_i ~ 2.7 in the tail
// of the tanh profile, which a Fourier-diagonal implicit term no longer damps).
fn face_weight(a: f32, b: f32) -> f32 {
  return 2.0 * a * b / (a + b);
}
