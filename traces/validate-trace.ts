import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './trace.schema.json' with { type: 'json' };
import type { Trace } from './trace.generated.js';

let compiled: ValidateFunction<Trace> | undefined;

/** The cluster kinds the schema describes (`ClusterConfig`'s variants), read from the schema itself. */
export const SCHEMA_CLUSTER_KINDS: readonly string[] = schema.definitions.ClusterConfig.oneOf.map(
  ({ $ref }) => (schema.definitions as unknown as Record<string, { properties: { kind: { const: string } } }>)[$ref.replace('#/definitions/', '')]!.properties.kind.const,
);

/** The schema validator, compiled once per process. */
function validator(): ValidateFunction<Trace> {
  compiled ??= new Ajv({ allErrors: false, strict: true }).compile<Trace>(schema);
  return compiled;
}

/** Checks a value against `trace.schema.json`; returns null when it conforms, or a one-line reason. */
export function traceSchemaError(value: unknown): string | null {
  const validate = validator();
  if (validate(value)) return null;
  return describeError(deepest(validate.errors ?? []));
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

function describeError(error: ErrorObject | undefined): string {
  if (error === undefined) return 'does not match the trace schema';
  const where = error.instancePath === '' ? 'the trace' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? ` (${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)})`
        : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}`;
}
