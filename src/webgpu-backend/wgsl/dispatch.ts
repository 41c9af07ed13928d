// One invocation per element for elementwise-style kernels. WebGPU caps each dispatch dimension
// at 65,535 workgroups, so big tensors spread over a 2-D grid and rebuild the linear index.

export const LINEAR_WORKGROUP_SIZE = 64;
const MAX_GROUPS_PER_DIM = 65535;

/** Workgroup counts that cover `count` invocations of a linear kernel. */
export function linearWorkgroups(count: number): [number, number, number] {
  const groups = Math.ceil(count / LINEAR_WORKGROUP_SIZE);
  if (groups <= MAX_GROUPS_PER_DIM) return [groups, 1, 1];
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  if (y > MAX_GROUPS_PER_DIM) throw new Error(`${count} elements exceed one dispatch`);
  return [MAX_GROUPS_PER_DIM, y, 1];
}

/** Entry point header of a linear kernel; the body sees `index` and must check it against the count. */
export function linearEntryPoint(): string {
  return `@compute @workgroup_size(${LINEAR_WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * ${LINEAR_WORKGROUP_SIZE}u;`;
}
