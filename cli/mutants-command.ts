import { MUTANTS } from '../impl/mutants.js';
import { EXIT, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';

/** `faultline mutants`: the planted bugs and the property that must catch each. */
export async function mutantsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('mutants', args, { json: { type: 'boolean' } } as const, { min: 0, max: 0, name: 'argument' });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ mutants: MUTANTS })}\n`);
    return EXIT.held;
  }
  const width = Math.max(...MUTANTS.map((m) => m.name.length));
  const verdictOf = (mutant: (typeof MUTANTS)[number]) => (mutant.notCaught === undefined ? `caught as ${mutant.caughtAs.join(' or ')}` : 'not caught');
  const verdictWidth = Math.max(...MUTANTS.map((m) => verdictOf(m).length));
  for (const mutant of MUTANTS) {
    io.stdout(`${mutant.name.padEnd(width)}  ${mutant.cluster.padEnd(13)}  ${verdictOf(mutant).padEnd(verdictWidth)}  ${mutant.description}${mutant.notCaught === undefined ? '' : `; not caught because ${mutant.notCaught}`}\n`);
  }
  return EXIT.held;
}
