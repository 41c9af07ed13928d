// Legality with If branches decided at run time. A problem inside such a branch (an op without a
// kernel, a shape inference cannot pin down for these inputs) does not stop the model: it disables
// that branch, and a run that takes it fails with the reasons, the way onnxruntime fails only when
// a branch it cannot run is taken. Silero VAD compiled for 512-sample input is the case in point:
// its 8 kHz branch is only valid for 256 samples. When both branches of an If are disabled the If
// cannot run at all, which disables the branch around it, up to the graph: then the model is refused.
import type { Guard, RuntimeIf } from './control-flow.ts';
import type { UnsupportedNode } from './types.ts';

export interface DeadBranch {
  readonly branch: 'then' | 'else';
  readonly problems: readonly UnsupportedNode[];
}

export interface BranchLegality {
  /** What keeps the model from compiling at all. */
  readonly unsupported: readonly UnsupportedNode[];
  /** Branches not compiled, by If id: a run that takes one fails naming its problems. */
  readonly dead: ReadonlyMap<string, DeadBranch>;
}

export interface PlacedProblem {
  readonly problem: UnsupportedNode;
  /** The run-time branches the problem sits in, outermost first. */
  readonly guards: readonly Guard[];
}

export function judgeBranches(found: readonly PlacedProblem[], runtimeIfs: readonly Pick<RuntimeIf, 'node' | 'guards' | 'shapeDead'>[]): BranchLegality {
  const unsupported: UnsupportedNode[] = [];
  const perBranch = new Map<string, UnsupportedNode[]>();
  const key = (ifId: string, branch: string) => `${branch}\u0000${ifId}`;
  const blame = (problem: UnsupportedNode, guards: readonly Guard[]) => {
    const g = guards.at(-1);
    if (!g) return void unsupported.push(problem);
    const k = key(g.ifId, g.branch);
    perBranch.set(k, [...(perBranch.get(k) ?? []), problem]);
  };
  for (const { problem, guards } of found) blame(problem, guards);
  for (const r of runtimeIfs) {
    if (r.shapeDead) blame({ nodeId: r.node.id, opType: 'If', reason: `its ${r.shapeDead.branch} branch cannot run ${r.shapeDead.reason}` }, [...r.guards, { ifId: r.node.id, branch: r.shapeDead.branch }]);
  }
  const dead = new Map<string, DeadBranch>();
  // Innermost Ifs first, so an If that cannot run is blamed on the branch around it before that one is judged.
  for (const r of [...runtimeIfs].sort((a, b) => b.guards.length - a.guards.length)) {
    const [then, otherwise] = [perBranch.get(key(r.node.id, 'then')), perBranch.get(key(r.node.id, 'else'))];
    if (then && otherwise) [...then, ...otherwise].forEach((p) => blame(p, r.guards));
    else if (then) dead.set(r.node.id, { branch: 'then', problems: then });
    else if (otherwise) dead.set(r.node.id, { branch: 'else', problems: otherwise });
  }
  return { unsupported, dead };
}

/** Whether a node under these guards sits in a disabled branch (it is not lowered). */
export function inDeadBranch(guards: readonly Guard[] | undefined, dead: ReadonlyMap<string, DeadBranch>): boolean {
  return (guards ?? []).some((g) => dead.get(g.ifId)?.branch === g.branch);
}

/** One line naming a disabled branch's problems, for the error a run that takes it gets. */
export function describeDeadBranch(ifId: string, d: DeadBranch): string {
  const items = d.problems.slice(0, 4).map((p) => (p.reason.includes(p.opType) ? `${p.nodeId}: ${p.reason}` : `${p.opType} (${p.nodeId}): ${p.reason}`));
  const more = d.problems.length > 4 ? `, and ${d.problems.length - 4} more` : '';
  return `If (${ifId}) took its ${d.branch} branch, which Kiln could not compile for these input shapes: ${items.join('; ')}${more}`;
}
