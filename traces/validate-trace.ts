import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './trace.schema.json' with { type: 'json' };
import type { Trace } from './trace.generated.js';

let compiled: ValidateFunction<Trace> | undefined;

/** The schema validator, compiled once per process. */
function validator(): ValidateFunction<Trace> {
  compiled ??= new Ajv({ allErrors: false, strict: true }).compile<Trace>(schema);
  return compiled;
}

/** Checks a value against `trace.schema.json`; returns null when it conforms, or a one-line reason. */
export function traceSchemaError(value: unknown): string | null {
  const validate = validator();
  if (validate(value)) return null;
  return describeError(validate.errors?.[0]);
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
