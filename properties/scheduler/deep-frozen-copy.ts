/**
 * Returns a frozen deep copy of plain data, so that a scheduler that tries
 * to change its input fails loudly (a TypeError in strict mode, reported as
 * `termination`) instead of corrupting the harness's state or its second call.
 *
 * A value that is already frozen is returned as it is: the harness builds
 * its views from deeply frozen parts only, and copying a view of thousands
 * of nodes on every call would dominate a trace replay. Data that crossed a
 * thread boundary is never frozen (structured cloning drops it), so a
 * worker's input is still copied and frozen here.
 */
export function deepFrozenCopy<T>(value: T): T {
  if (typeof value === 'object' && value !== null && Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => deepFrozenCopy(item))) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = deepFrozenCopy(item);
    return Object.freeze(copy) as T;
  }
  return value;
}
