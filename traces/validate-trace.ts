import schema from './trace.schema.json' with { type: 'json' };
import { schemaCheck, type CompiledValidator } from './schema-check.js';
import validateTrace from './trace-validator.generated.js';

/** The cluster kinds the schema describes (`ClusterConfig`'s variants), read from the schema itself. */
export const SCHEMA_CLUSTER_KINDS: readonly string[] = schema.definitions.ClusterConfig.oneOf.map(
  ({ $ref }) => (schema.definitions as unknown as Record<string, { properties: { kind: { const: string } } }>)[$ref.replace('#/definitions/', '')]!.properties.kind.const,
);

/** Checks a value against `trace.schema.json`; returns null when it conforms, or a one-line reason. */
export const traceSchemaError: (value: unknown) => string | null = schemaCheck(validateTrace as CompiledValidator, 'the trace');
