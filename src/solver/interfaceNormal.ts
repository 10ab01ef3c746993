/**
 * Unit normals n = grad psi / |grad psi| of a particle indicator, for the laminate (rank-one) interface
 * homogenisation of the inhomogeneous elastic solver (shaders/elastic/inhomogeneous.wgsl). Central
 * differences on the periodic grid, float64; n = 0 where the gradient vanishes (bulk cells, where the
 * laminate is not used). Returns 3 values per cell (x, y, z; z = 0 in 2D), x fastest.
 */
export function interfaceNormals(psi: Float64Array, shape: readonly number[], spacing: readonly number[]): Float64Array {
  const [nx, ny, nz] = [shape[0], shape[1], shape[2] ?? 1];
  const h = [spacing[0], spacing[1], spacing[2] ?? 1];
  const out = new Float64Array(3 * psi.length);
  const at = (i: number, j: number, k: number) => psi[((i + nx) % nx) + nx * (((j + ny) % ny) + ny * ((k + nz) % nz))];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const g = [
          (at(i + 1, j, k) - at(i - 1, j, k)) / (2 * h[0]),
          (at(i, j + 1, k) - at(i, j - 1, k)) / (2 * h[1]),
          nz > 1 ? (at(i, j, k + 1) - at(i, j, k - 1)) / (2 * h[2]) : 0,
        ];
        const norm = Math.hypot(...g);
        if (norm === 0) continue;
        // grad psi points into the particle; the laminate needs only the line, not its sense
        const index = 3 * (i + nx * (j + ny * k));
        for (let a = 0; a < 3; a++) out[index + a] = g[a] / norm;
      }
  return out;
}
