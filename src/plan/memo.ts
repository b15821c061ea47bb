// Memoized block resolution within one plan. A block resolves to the same configuration (or the
// same error) in every cell whose swept values it reads are equal: in kearns_width's 5,946 cells
// the data block reads nothing swept and each model only `m`. Resolving once per distinct set of
// read values instead of once per cell took `lazylab check` of that spec from ~1 s of planning to
// a few ms. Cells then share the resolved objects; no later stage mutates them
// (test/plan/immutability.test.ts).
//
// What a block reads is found statically: every `ref` under the block, through `let` bindings
// (transitively), that names a swept value or `seed`. That is a superset of what evaluation
// reads, so a cached answer is never wrong, only sometimes less reused. Inputs a resolver takes
// besides the scope (the cell's seed as the data seed's default, the data's dimension for a
// model) are passed as `extra` and are part of the key.

import type { Expr } from '../lang/ast.js';
import type { Value } from './eval.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
/** A trie over the key's parts: nested Maps, no key strings built per cell. */
type Trie = Map<unknown, Trie | Outcome>;

export class ResolveMemo {
  private readonly slots = new Map<string, Map<object | undefined, { names: string[]; trie: Trie }>>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  constructor(private readonly bindings: Map<string, Expr>, private readonly swept: ReadonlySet<string>) {}

  /** resolve()'s value, or the value (or error, thrown again) it gave for an earlier cell with
   *  the same read values and extras. `part` names the resolver, so one block can serve several. */
  get<T>(part: string, block: object | undefined, extra: unknown[], values: Record<string, Value>, resolve: () => T): T {
    const slot = this.slot(part, block);
    let node = slot.trie;
    const n = slot.names.length + extra.length;
    for (let i = 0; i < n; i++) {
      const k = i < slot.names.length ? keyOf(values[slot.names[i]!]) : this.keyOfExtra(extra[i - slot.names.length]);
      let next = node.get(k) as Trie | Outcome | undefined;
      if (next === undefined) node.set(k, (next = i === n - 1 ? outcome(resolve) : new Map()));
      node = next as Trie;
    }
    let o = (n === 0 ? node.get(undefined) : node) as Outcome | undefined;
    if (o === undefined) slot.trie.set(undefined, (o = outcome(resolve)));
    if (!o.ok) throw o.error;
    return o.value as T;
  }

  private slot(part: string, block: object | undefined): { names: string[]; trie: Trie } {
    let byBlock = this.slots.get(part);
    if (!byBlock) this.slots.set(part, (byBlock = new Map()));
    let slot = byBlock.get(block);
    if (!slot) byBlock.set(block, (slot = { names: block === undefined ? [] : sweptReads(block, this.bindings, this.swept), trie: new Map() }));
    return slot;
  }

  /** Objects (a resolved data config) by identity: equal keys mean the very same object. */
  private keyOfExtra(x: unknown): unknown {
    if (x === null || typeof x !== 'object') return keyOf(x as Value | undefined);
    let id = this.ids.get(x);
    if (id === undefined) this.ids.set(x, (id = this.nextId++));
    return `#${id}`;
  }
}

function outcome(resolve: () => unknown): Outcome {
  try {
    return { ok: true, value: resolve() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A value's Map key: numbers as themselves (but -0 apart from 0: 1 / -0 is −∞), strings
 *  quoted so they never equal a number's key, lists by their items. */
function keyOf(v: Value | null | undefined): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : v;
  if (typeof v === 'string') return `"${v}`;
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(keyOf(x)))).join(',')}]`;
  return v;
}

/** The names in `swept` that expressions under `node` may read, following `let` bindings.
 *  An explicit stack, not recursion: a chain of thousands of bindings is legal input. */
export function sweptReads(node: object, bindings: Map<string, Expr>, swept: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const followed = new Set<string>();
  const stack: unknown[] = [node];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    const o = v as { kind?: unknown; name?: unknown };
    if (o.kind === 'ref' && typeof o.name === 'string') {
      if (swept.has(o.name)) found.add(o.name);
      const bound = bindings.get(o.name);
      if (bound && !followed.has(o.name)) {
        followed.add(o.name);
        stack.push(bound);
      }
    }
    stack.push(...Object.values(v));
  }
  return [...found].sort();
}
