/** Dispatch size for `groups` workgroups, folded into 2D when over the per-dimension limit (kernels index wid.x + wid.y * num_workgroups.x). */
export function dispatchSize(groups: number, maxPerDimension: number): [number, number] {
  if (groups <= maxPerDimension) return [groups, 1];
  const y = Math.ceil(groups / maxPerDimension);
  return [Math.ceil(groups / y), y];
}

/**
 * Cells (or modes) per invocation of the element-wise and reducing kernels that loop over `ITEMS`
 * (Cahn-Hilliard and the reaction steppers). On a software adapter the workgroup's invocations run as SIMD
 * lanes and each costs about as much as moving a few floats, so one invocation takes 16 elements
 * (docs/benchmark.md, "Elements per invocation on software adapters"); a GPU keeps 4, so that a 256^2 grid
 * still fills 64 workgroups. SPINODE_ITEMS_PER_INVOCATION (Node) forces a count, for A/B runs.
 */
export function itemsPerInvocation(gpu: { adapterInfo: { isSoftware: boolean } }): number {
  const forced = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SPINODE_ITEMS_PER_INVOCATION;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`SPINODE_ITEMS_PER_INVOCATION must be an integer from 1 to 64, got '${forced}'`);
    return n;
  }
  return gpu.adapterInfo.isSoftware ? 16 : 4;
}
