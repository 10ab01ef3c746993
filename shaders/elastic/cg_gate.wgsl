// Inhomogeneous elasticity, conjugate gradients: the dispatch gate (one invocation). After every stopping
// test (cg_scalars stages 1 and 3) it writes the workgroup counts of each indirect dispatch of the
// iteration that follows:
//   gate[k] = converged ? (0, 0, 0) : shapes[k].xyz
// so that the recorded iterations after convergence (and the whole iteration loop of a warm start that is
// already converged) cost no FFT pass and no kernel on the GPU: the host records a fixed count and never
// waits (src/solver/elasticCg.ts; WebGPU's dispatchWorkgroupsIndirect).
// Bindings: cg (CgState, read), shapes (read: vec4<u32> per entry, xyz = the direct counts), gate
//   (write: 4 x u32 per entry, the indirect arguments at 16 k bytes).

@group(0) @binding(0) var<storage, read> cg: CgState;
@group(0) @binding(1) var<storage, read> shapes: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> gate: array<vec4<u32>>;

@compute @workgroup_size(1)
fn main() {
  let run = cg.converged == 0u;
  for (var k = 0u; k < arrayLength(&shapes); k = k + 1u) {
    gate[k] = select(vec4<u32>(0u), vec4<u32>(shapes[k].xyz, 0u), run);
  }
}
