/** Dispatch size for `groups` workgroups, folded into 2D when over the per-dimension limit (kernels index wid.x + wid.y * num_workgroups.x). */
export function dispatchSize(groups: number, maxPerDimension: number): [number, number] {
  if (groups <= maxPerDimension) return [groups, 1];
  const y = Math.ceil(groups / maxPerDimension);
  return [Math.ceil(groups / y), y];
}
