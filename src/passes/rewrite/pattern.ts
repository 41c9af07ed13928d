// The pattern language rules are written in: a tree of op patterns over value patterns, matched
// from a root node backwards through producers.
//
//   op('Relu', [op('Conv', [any('x'), constant('w'), optional(constant('b'))], { bind: 'conv' })], { bind: 'act' })
//
// matches Relu(Conv(x, w[, b])) where w (and b when present) are constants, binding the two
// nodes as `conv` and `act` and the values as `x`, `w`, `b`. A name bound twice must bind the same
// value, so op('Mul', [any('x'), any('x')]) matches only x·x.
import type { Node, Tensor } from '../../ir/types.ts';

export interface AnyPattern {
  readonly kind: 'any';
  readonly bind?: string;
}

export interface ConstPattern {
  readonly kind: 'const';
  readonly bind?: string;
  /** Extra condition on the constant's value (e.g. "a scalar equal to 0.5"). */
  readonly where?: (t: Tensor) => boolean;
}

export interface OptionalPattern {
  readonly kind: 'optional';
  readonly inner: ValuePattern;
}

export interface OpPattern {
  readonly kind: 'op';
  readonly opTypes: readonly string[];
  readonly domain: string;
  /** null: any inputs. Otherwise one pattern per input position; extra present inputs fail. */
  readonly inputs: readonly ValuePattern[] | null;
  readonly bind?: string;
  /** Which output of this node its consumer in the pattern reads. */
  readonly output: number;
  readonly where?: (n: Node) => boolean;
  /** Try both input orders of a two-input node (Add, Mul, ...). */
  readonly commutative: boolean;
}

export type ValuePattern = AnyPattern | ConstPattern | OptionalPattern | OpPattern;

const COMMUTATIVE = new Set(['Add', 'Mul', 'Max', 'Min', 'Sum', 'Mean', 'Equal', 'And', 'Or', 'Xor']);

export function any(bind?: string): AnyPattern {
  return { kind: 'any', ...(bind ? { bind } : {}) };
}

export function constant(bind?: string, where?: (t: Tensor) => boolean): ConstPattern {
  return { kind: 'const', ...(bind ? { bind } : {}), ...(where ? { where } : {}) };
}

export function optional(inner: ValuePattern): OptionalPattern {
  return { kind: 'optional', inner };
}

export interface OpOptions {
  bind?: string;
  domain?: string;
  output?: number;
  where?: (n: Node) => boolean;
  commutative?: boolean;
}

export function op(opTypes: string | readonly string[], inputs: readonly ValuePattern[] | null = null, options: OpOptions = {}): OpPattern {
  const types = typeof opTypes === 'string' ? [opTypes] : opTypes;
  return {
    kind: 'op',
    opTypes: types,
    domain: options.domain ?? '',
    inputs,
    output: options.output ?? 0,
    commutative: options.commutative ?? (inputs?.length === 2 && types.every((t) => COMMUTATIVE.has(t))),
    ...(options.bind ? { bind: options.bind } : {}),
    ...(options.where ? { where: options.where } : {}),
  };
}

/** Op types a pattern's root can have: the driver only tries a rule on nodes of these types. */
export function rootOpTypes(p: OpPattern): readonly string[] {
  return p.opTypes;
}
