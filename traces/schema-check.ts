import type { ErrorObject } from 'ajv';

/** A validator ajv compiled from a schema (`*-validator.generated.ts`): true when a value conforms, else its errors. */
export interface CompiledValidator {
  (value: unknown): boolean;
  errors?: readonly ErrorObject[] | null;
}

/**
 * A check of values against one JSON Schema, with its validator compiled
 * when the project was built: null when a value conforms, or one line saying
 * where it does not and why. `what` names the whole value in that line ("the
 * trace").
 */
export function schemaCheck(validate: CompiledValidator, what: string): (value: unknown) => string | null {
  return (value) => (validate(value) ? null : describeError(deepest(validate.errors ?? []), what));
}

/**
 * The error to show: the one deepest in the value. Where a `oneOf` (a fault,
 * say) fails, ajv reports each variant's first failure; the variant the
 * value meant to be got furthest into it before failing, so its error is the
 * one that says what to fix (a rate out of range, not "additional property").
 */
function deepest(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const error of errors) {
    if (best === undefined || error.instancePath.split('/').length > best.instancePath.split('/').length) best = error;
  }
  return best;
}

function describeError(error: ErrorObject | undefined, what: string): string {
  if (error === undefined) return `${what} does not match its schema`;
  const where = error.instancePath === '' ? what : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? ` (${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)})`
        : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}
