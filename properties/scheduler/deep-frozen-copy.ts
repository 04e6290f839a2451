/**
 * Returns a frozen deep copy of plain data, so that a scheduler that tries
 * to change its input fails loudly (a TypeError in strict mode, reported as
 * `termination`) instead of corrupting the harness's state or its second call.
 */
export function deepFrozenCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => deepFrozenCopy(item))) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = deepFrozenCopy(item);
    return Object.freeze(copy) as T;
  }
  return value;
}
