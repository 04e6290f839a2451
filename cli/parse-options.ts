import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FaultlineError } from '../model/faultline-error.js';

type OptionTable = NonNullable<ParseArgsConfig['options']>;
/** What `parseArgs` returns for an option table; named so that the shipped declarations can state it. */
type ParsedOptions<T extends OptionTable> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

/**
 * Parses a command's arguments against its typed option table. Unknown
 * options, missing values and stray positionals become one-line usage errors
 * instead of Node's multi-line exceptions.
 */
export function parseOptions<T extends OptionTable>(
  command: string,
  args: string[],
  options: T,
  positionals: { min: number; max: number; name: string },
): ParsedOptions<T> {
  let parsed: ParsedOptions<T>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    throw new FaultlineError('usage', `${command}: ${message.replace(/\. To specify.*$/, '')}`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) {
    throw new FaultlineError('usage', `${command}: missing ${positionals.name}`);
  }
  if (count > positionals.max) {
    throw new FaultlineError('usage', `${command}: unexpected argument ${JSON.stringify(parsed.positionals[positionals.max])}`);
  }
  return parsed;
}

/** Reads a whole-number option, rejecting anything that is not one within range. */
export function intOption(name: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new FaultlineError('usage', `--${name} takes a whole number`, { got: raw });
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new FaultlineError('usage', `--${name} must be between ${min} and ${max}`, { got: raw });
  }
  return value;
}

/** Reads an option restricted to a fixed set of words. */
export function choiceOption<C extends string>(name: string, raw: string | undefined, choices: readonly C[], fallback: C): C {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new FaultlineError('usage', `--${name} must be one of ${choices.join('|')}`, { got: raw });
  }
  return raw as C;
}
