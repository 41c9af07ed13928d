// Where inference keeps what it knows about names. The model graph and its If/Loop/Scan bodies
// share one scope (value names are unique across them, and the result lists them all); a call of a
// model-local function gets its own scope, since its body names are private to each call.
import type { Tensor, ValueType } from '../types.ts';
import { valueOfTensor, type KnownValue } from './known-value.ts';

export class Scope {
  readonly types = new Map<string, ValueType>();
  private readonly values = new Map<string, KnownValue | null>();
  /** Constant tensors (initializers, Constant nodes) decoded only when a rule asks for them. */
  private readonly constants = new Map<string, Tensor>();

  type(name: string): ValueType | undefined {
    return this.types.get(name);
  }

  setType(name: string, t: ValueType | undefined): void {
    if (t) this.types.set(name, t);
    else this.types.delete(name);
  }

  value(name: string): KnownValue | undefined {
    const v = this.values.get(name);
    if (v !== undefined) return v ?? undefined;
    const t = this.constants.get(name);
    if (!t) return undefined;
    const decoded = valueOfTensor(t) ?? null;
    this.values.set(name, decoded);
    return decoded ?? undefined;
  }

  setValue(name: string, v: KnownValue | undefined): void {
    this.constants.delete(name);
    if (v) this.values.set(name, v);
    else this.values.delete(name);
  }

  setConstant(name: string, t: Tensor): void {
    this.values.delete(name);
    this.constants.set(name, t);
  }
}
