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
    parsed = parseArgs({ args: joinNegativeValues(args, options), allowPositionals: true, strict: true, options });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    const ambiguous = /^Option '(-\w, )?(--[\w-]+)(?: <value>)?' argument is ambiguous/.exec(message);
    if (ambiguous) throw new FaultlineError('usage', `${command}: ${ambiguous[2]} needs a value; one that starts with a dash is written ${ambiguous[2]}=VALUE`);
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

/**
 * Writes `--seed -1` as `--seed=-1`: Node's parser takes a value that starts
 * with a dash for an option, and a negative number given to an option that
 * takes a value is plainly its value (the option then says whether it may be
 * negative).
 */
function joinNegativeValues(args: readonly string[], options: OptionTable): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
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
