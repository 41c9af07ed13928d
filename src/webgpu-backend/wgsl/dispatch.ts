// One invocation per element for elementwise-style kernels. WebGPU caps each dispatch dimension
// (maxComputeWorkgroupsPerDimension, at least 65,535), so big tensors spread over a 2-D grid and
// the entry point rebuilds the linear index.

export const LINEAR_WORKGROUP_SIZE = 64;
const MAX_GROUPS_PER_DIM = 65535;

/** Workgroup counts that cover `count` invocations of a linear kernel (pass the device's limit). */
export function linearWorkgroups(count: number, maxPerDim: number | { readonly maxComputeWorkgroupsPerDimension: number } = MAX_GROUPS_PER_DIM): [number, number, number] {
  const limit = typeof maxPerDim === 'number' ? maxPerDim : maxPerDim.maxComputeWorkgroupsPerDimension;
  const groups = Math.ceil(count / LINEAR_WORKGROUP_SIZE);
  if (groups <= limit) return [groups, 1, 1];
  // Near-square grids waste the fewest invocations past the end.
  const y = Math.ceil(groups / limit);
  return [Math.ceil(groups / y), y, 1];
}

/** Entry point header of a linear kernel; the body sees `index` and must check it against the count. */
export function linearEntryPoint(): string {
  return `@compute @workgroup_size(${LINEAR_WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * ${LINEAR_WORKGROUP_SIZE}u;`;
}
