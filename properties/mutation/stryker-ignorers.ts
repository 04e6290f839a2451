import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';
import type { NodePath } from '@stryker-mutator/api/ignore';

/**
 * The few fields of a Babel syntax node the ignorers read. Stryker hands
 * them Babel's `NodePath`, whose type it does not export.
 */
interface SyntaxNode {
  readonly type: string;
  readonly name?: string;
  readonly computed?: boolean;
  readonly operator?: string;
  readonly object?: SyntaxNode;
  readonly property?: SyntaxNode;
  readonly argument?: SyntaxNode;
  readonly callee?: SyntaxNode;
  readonly id?: SyntaxNode | null;
  readonly key?: SyntaxNode;
  readonly test?: SyntaxNode;
  readonly consequent?: SyntaxNode;
}
interface SyntaxPath {
  readonly node: SyntaxNode;
  readonly parentPath: SyntaxPath | null;
}

const syntax = (path: NodePath): SyntaxPath => path as unknown as SyntaxPath;

/** `mutants['vote-twice']` or `env.mutants['vote-twice']`: a read of one planted-bug switch. */
function isSwitchRead(node: SyntaxNode): boolean {
  if (node.type !== 'MemberExpression' || node.computed !== true || node.property?.type !== 'StringLiteral') return false;
  const holder = node.object;
  return (holder?.type === 'Identifier' && holder.name === 'mutants') || (holder?.type === 'MemberExpression' && holder.property?.type === 'Identifier' && holder.property.name === 'mutants');
}

/**
 * A planted-bug switch (`env.mutants['no-fencing']`, and its negation): the
 * mutant catalog's own bugs, each off in every gate run. Turning one off
 * changes nothing, and turning one on is the catalog's planted bug, which
 * `npm test` already shows caught; neither is a mutant of the protocol.
 */
export function plantedBugSwitch(path: NodePath): string | undefined {
  const here = syntax(path);
  const { node } = here;
  const read = node.type === 'UnaryExpression' && node.operator === '!' && node.argument !== undefined ? node.argument : node;
  if (isSwitchRead(read)) return 'a planted-bug switch of the mutant catalog: off in every gate run, and each bug it turns on is caught by the catalog test';
  // What only a switched-on planted bug runs: `if (env.mutants['x']) <this>` and `env.mutants['x'] ? <this> : ...`.
  const parent = here.parentPath?.node;
  if ((parent?.type === 'IfStatement' || parent?.type === 'ConditionalExpression') && parent.consequent === node && parent.test !== undefined && isSwitchRead(parent.test)) {
    return 'code that runs only under a planted bug of the mutant catalog, which is off in every gate run';
  }
  return undefined;
}

/** Calls whose arguments are text for people: errors, and the scheduler check's violation sentences. */
const MESSAGE_CALLS = new Set(['assertNever', 'malformed', 'overdrawn']);
/** Functions that only write sentences about what they are given. */
const DESCRIBING_FUNCTION = /^(describe|show)([A-Z]|$)/;

function calleeName(node: SyntaxNode): string | undefined {
  const callee = node.callee;
  if (callee?.type === 'Identifier') return callee.name;
  if (callee?.type === 'MemberExpression' && callee.property?.type === 'Identifier') return callee.property.name;
  return undefined;
}

function functionName(path: SyntaxPath): string | undefined {
  const { node } = path;
  if (node.type === 'FunctionDeclaration') return node.id?.name;
  if (node.type === 'ClassMethod' || node.type === 'ObjectMethod') return node.key?.name;
  if ((node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') && path.parentPath?.node.type === 'VariableDeclarator') return path.parentPath.node.id?.name;
  return undefined;
}

/**
 * Text only people read: the message of an error, or of a violation the
 * scheduler check reports (its verdict is the property, never the wording),
 * and whole functions that only describe (`describe...`, `show`). A mutant
 * there changes a sentence, not what any gate decides.
 */
export function messageText(path: NodePath): string | undefined {
  const here = syntax(path);
  const { node } = here;
  if (node.type === 'FunctionDeclaration' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'ClassMethod' || node.type === 'ObjectMethod') {
    const name = functionName(here);
    return name !== undefined && DESCRIBING_FUNCTION.test(name) ? `${name} only writes text for people` : undefined;
  }
  if (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral') return undefined;
  const parent = here.parentPath?.node;
  if (parent === undefined) return undefined;
  if (parent.type === 'NewExpression' && parent.callee?.type === 'Identifier' && parent.callee.name?.endsWith('Error') === true) return 'the message of an error';
  if (parent.type === 'CallExpression' && MESSAGE_CALLS.has(calleeName(parent) ?? '')) return 'the text of a message';
  return undefined;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'faultline-planted-bug-switches', { shouldIgnore: plantedBugSwitch }),
  declareValuePlugin(PluginKind.Ignore, 'faultline-message-text', { shouldIgnore: messageText }),
];
