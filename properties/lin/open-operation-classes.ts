/** Open operations grouped into classes of interchangeable members. */
export interface OpenOperationClasses {
  /** Indices into the given operations, class by class, each class in the given order. */
  readonly members: readonly number[];
  /** Where each class starts in `members`, and how many members it has. */
  readonly start: readonly number[];
  readonly size: readonly number[];
}

/** How deep a value may nest and still be compared by its JSON text. */
const PLAIN_DEPTH_MAX = 32;

/**
 * Groups operations with an unknown outcome whose input and output are equal
 * plain data (null, booleans, finite numbers other than -0, strings, arrays
 * and plain objects), so that the checker can treat them as interchangeable:
 * once both are called, either may take effect in the other's place.
 * Anything else (a class instance, a Map, NaN) is a class of its own, which
 * is always sound. Classes are numbered by their first member, in the order
 * the operations are given (the checker gives them in call order).
 */
export function openOperationClasses(operations: readonly { readonly input: unknown; readonly output: unknown }[]): OpenOperationClasses {
  if (operations.length === 0) return { members: [], start: [], size: [] };
  const byKey = new Map<string, number[]>();
  const groups: number[][] = [];
  operations.forEach((operation, index) => {
    const key = plainKey([operation.input, operation.output], 0);
    const group = key === undefined ? undefined : byKey.get(key);
    if (group) {
      group.push(index);
      return;
    }
    const fresh = [index];
    groups.push(fresh);
    if (key !== undefined) byKey.set(key, fresh);
  });
  const members: number[] = [];
  const start: number[] = [];
  const size: number[] = [];
  for (const group of groups) {
    start.push(members.length);
    size.push(group.length);
    members.push(...group);
  }
  return { members, start, size };
}

/** The JSON text of plain data, with object keys sorted, or undefined for anything JSON would not keep exactly. */
function plainKey(value: unknown, depth: number): string | undefined {
  if (depth > PLAIN_DEPTH_MAX) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const key = plainKey(item, depth + 1);
      if (key === undefined) return undefined;
      items.push(key);
    }
    return `[${items.join(',')}]`;
  }
  if (typeof value !== 'object') return undefined;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const entries: string[] = [];
  for (const name of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[name];
    if (item === undefined) return undefined;
    const key = plainKey(item, depth + 1);
    if (key === undefined) return undefined;
    entries.push(`${JSON.stringify(name)}:${key}`);
  }
  return `{${entries.join(',')}}`;
}
