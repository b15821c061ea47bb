// Name lookups in the language's tables. A user's name is looked up only among a table's own
// keys: `constructor`, `toString` or `__proto__` are names like any other, never the methods
// every plain JavaScript object inherits.

/** The entry a table has under `name`, or undefined (inherited properties do not count). */
export function own<V>(table: Readonly<Record<string, V>>, name: string): V | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Whether a table has its own entry under `name`. */
export function hasOwn(table: object, name: string): boolean {
  return Object.hasOwn(table, name);
}

/** A record keyed by user names: no prototype, so `__proto__` is stored as an ordinary key. */
export function nameRecord<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}
