import { Ajv, type ValidateFunction } from 'ajv';
import { FaultlineError } from '../model/faultline-error.js';
import { PROPERTY_IDS, type PropertyId } from '../model/property-id.js';

/** What `faultline check --json` prints, and what `faultline merge` reads back from each CI shard. */
export interface CheckResultJson {
  readonly format: typeof CHECK_RESULT_FORMAT;
  readonly formatVersion: typeof CHECK_RESULT_VERSION;
  readonly result: 'pass' | 'fail' | 'inconclusive';
  readonly runs: number;
  readonly violations: readonly CheckResultViolation[];
  readonly durationMs: number;
  readonly seed: number;
  readonly clusters: readonly string[];
  readonly mutant: string | null;
  readonly coverage: Readonly<Record<string, { readonly runs: number; readonly reached: Readonly<Record<string, number>> }>>;
  readonly undecided: number;
  readonly runsPlanned?: number;
  /** Shard K (from 1) of N; 1 of 1 without --shard. */
  readonly shard: { readonly index: number; readonly count: number };
  readonly checkDeterminism: boolean;
  /** Its trace is null when it could not be written. */
  readonly nondeterminism?: { readonly run: number; readonly trace: string | null; readonly step: number | null };
  readonly reason?: string;
  readonly interrupted?: 'SIGINT' | 'SIGTERM';
}

export interface CheckResultViolation {
  readonly property: PropertyId;
  /** Null when the trace could not be written (the violation stands all the same). */
  readonly trace: string | null;
  readonly seed: number;
  /** The failing run's number in the seed's sequence. */
  readonly run: number;
  readonly message: string;
}

export const CHECK_RESULT_FORMAT = 'faultline-check-result';
export const CHECK_RESULT_VERSION = 1;

const count = { type: 'integer', minimum: 0 } as const;
const schema = {
  type: 'object',
  required: ['format', 'formatVersion', 'result', 'runs', 'violations', 'durationMs', 'seed', 'clusters', 'mutant', 'coverage', 'undecided', 'shard', 'checkDeterminism'],
  additionalProperties: false,
  properties: {
    format: { const: CHECK_RESULT_FORMAT },
    formatVersion: { const: CHECK_RESULT_VERSION },
    result: { enum: ['pass', 'fail', 'inconclusive'] },
    runs: count,
    violations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['property', 'trace', 'seed', 'run', 'message'],
        additionalProperties: false,
        properties: { property: { enum: PROPERTY_IDS }, trace: { type: ['string', 'null'] }, seed: { type: 'integer' }, run: count, message: { type: 'string' } },
      },
    },
    durationMs: { type: 'number', minimum: 0 },
    seed: { type: 'integer' },
    clusters: { type: 'array', minItems: 1, items: { type: 'string' } },
    mutant: { type: ['string', 'null'] },
    coverage: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['runs', 'reached'],
        additionalProperties: false,
        properties: { runs: count, reached: { type: 'object', additionalProperties: count } },
      },
    },
    undecided: count,
    runsPlanned: count,
    shard: { type: 'object', required: ['index', 'count'], additionalProperties: false, properties: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 } } },
    checkDeterminism: { type: 'boolean' },
    nondeterminism: {
      type: 'object',
      required: ['run', 'trace', 'step'],
      additionalProperties: false,
      properties: { run: count, trace: { type: ['string', 'null'] }, step: { type: ['integer', 'null'] } },
    },
    reason: { type: 'string' },
    interrupted: { enum: ['SIGINT', 'SIGTERM'] },
  },
} as const;

let compiled: ValidateFunction<CheckResultJson> | undefined;

/**
 * Reads one `check --json` output: JSON, of this format and version, and
 * matching its schema; anything else is a one-line FaultlineError naming the
 * file.
 */
export function parseCheckResult(text: string, file: string): CheckResultJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FaultlineError('not-json', `the check result is not JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  if (record.format !== CHECK_RESULT_FORMAT) {
    throw new FaultlineError('schema', `not the output of faultline check --json (no "format": "${CHECK_RESULT_FORMAT}")`, { file });
  }
  if (record.formatVersion !== CHECK_RESULT_VERSION) {
    throw new FaultlineError('format-version', `check result formatVersion ${JSON.stringify(record.formatVersion ?? null)} is not supported; this faultline reads formatVersion ${CHECK_RESULT_VERSION}`, { file });
  }
  compiled ??= new Ajv({ allErrors: false, strict: true }).compile<CheckResultJson>(schema);
  if (!compiled(value)) {
    const error = compiled.errors?.[0];
    throw new FaultlineError('schema', `the check result does not match its schema: ${error?.instancePath || 'the result'} ${error?.message ?? 'is invalid'}`, { file });
  }
  if (value.shard.index > value.shard.count) throw new FaultlineError('schema', `the check result names shard ${value.shard.index} of ${value.shard.count}`, { file });
  return value;
}
