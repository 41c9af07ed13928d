// Values that share storage: a group has a root value and members at byte offsets inside it
// (Concat-in-place slices, in-place outputs at offset 0). The planner places one item per group.
import type { StorageItem } from './place-offsets.ts';

interface Life {
  readonly first?: number;
  readonly last: number;
}

export interface GroupItem extends StorageItem {
  /** Exact bytes the group's values cover (without binding rounding): what the lower bound counts. */
  readonly exactBytes: number;
}

export class StorageGroups {
  private readonly link = new Map<string, { readonly into: string; readonly offset: number }>();
  private readonly members = new Map<string, string[]>();
  private readonly sliced = new Set<string>();
  private rootIndex: Map<string, number> | undefined;

  constructor(
    private readonly lives: ReadonlyMap<string, Life>,
    /** Bytes a value's binding covers. */
    private readonly size: (value: string) => number,
    private readonly exact: (value: string) => number,
  ) {}

  rootOf(value: string): string {
    let v = value;
    for (let next = this.link.get(v); next; next = this.link.get(v)) v = next.into;
    return v;
  }

  private offsetOf(value: string): number {
    let offset = 0;
    for (let next = this.link.get(value), v = value; next; v = next.into, next = this.link.get(v)) offset += next.offset;
    return offset;
  }

  private group(root: string): string[] {
    return [root, ...(this.members.get(root) ?? [])];
  }

  /** `value` (alone so far) moves into `into`'s storage at `offset` bytes. */
  join(value: string, into: string, offset: number, why: 'slice' | 'in-place'): void {
    if (!this.isAlone(value)) throw new Error(`value '${value}' already shares storage`);
    const root = this.rootOf(into);
    this.link.set(value, { into, offset });
    this.members.set(root, [...(this.members.get(root) ?? []), value]);
    if (why === 'slice') this.sliced.add(root);
  }

  isAlone(value: string): boolean {
    return !this.link.has(value) && !this.members.has(value);
  }

  /** Whether another value may join this one's storage in place (Concat regions stay as laid out). */
  canExtend(value: string): boolean {
    return !this.sliced.has(this.rootOf(value));
  }

  sameStorage(a: string, b: string): boolean {
    return this.rootOf(a) === this.rootOf(b);
  }

  /** The last kernel at which any value of the group is live. */
  lastUse(value: string): number {
    return Math.max(...this.group(this.rootOf(value)).map((v) => this.lives.get(v)?.last ?? -1));
  }

  private roots(): string[] {
    return [...this.lives.keys()].filter((v) => !this.link.has(v));
  }

  /** One item per group, ids in order of the roots' first appearance. Call after the last join. */
  items(): GroupItem[] {
    const roots = this.roots();
    this.rootIndex = new Map(roots.map((r, i) => [r, i]));
    return roots.map((root, id) => {
      const group = this.group(root);
      const lives = group.map((v) => this.lives.get(v)!);
      return {
        id,
        bytes: Math.max(...group.map((v) => this.offsetOf(v) + this.size(v))),
        exactBytes: Math.max(...group.map((v) => this.offsetOf(v) + this.exact(v))),
        first: Math.min(...lives.map((l) => l.first ?? Infinity)),
        last: Math.max(...lives.map((l) => l.last)),
      };
    });
  }

  /** The item holding a value (ids as items() numbers them) and the value's offset in it. */
  locate(value: string): { readonly item: number; readonly offset: number } {
    this.rootIndex ??= new Map(this.roots().map((r, i) => [r, i]));
    return { item: this.rootIndex.get(this.rootOf(value)) ?? -1, offset: this.offsetOf(value) };
  }
}
