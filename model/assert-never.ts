/**
 * Marks the end of an exhaustive `switch` over a discriminated union: if a new
 * `kind` is added and not handled, the call no longer type-checks.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
