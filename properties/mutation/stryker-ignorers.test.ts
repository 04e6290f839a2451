import type { NodePath } from '@stryker-mutator/api/ignore';
import { expect, test } from 'vitest';
import { messageText, plantedBugSwitch } from './stryker-ignorers.js';

/** A Babel-shaped path for a node with the given parents, innermost first, as far as the ignorers read them. */
type Node = Record<string, unknown> & { type: string };
function pathOf(node: Node, ...parents: Node[]): NodePath {
  const chain = [node, ...parents];
  const build = (index: number): unknown => (index >= chain.length ? null : { node: chain[index], parentPath: build(index + 1) });
  return build(0) as NodePath;
}
const id = (name: string): Node => ({ type: 'Identifier', name });
const str = (value: string): Node => ({ type: 'StringLiteral', value });
const member = (object: Node, property: Node, computed: boolean): Node => ({ type: 'MemberExpression', object, property, computed });

test('reads of a planted-bug switch, and their negations, are set aside; other reads of a configuration are not', () => {
  const switchRead = member(member(id('env'), id('mutants'), false), str('no-fencing'), true);
  expect(plantedBugSwitch(pathOf(switchRead))).toMatch(/planted-bug switch/);
  expect(plantedBugSwitch(pathOf({ type: 'UnaryExpression', operator: '!', argument: switchRead }))).toMatch(/planted-bug switch/);
  expect(plantedBugSwitch(pathOf(member(id('mutants'), str('lease-ignores-drift'), true)))).toMatch(/planted-bug switch/);
  expect(plantedBugSwitch(pathOf(member(member(id('env'), id('timing'), false), str('heartbeat'), true)))).toBeUndefined();
  expect(plantedBugSwitch(pathOf({ type: 'UnaryExpression', operator: '-', argument: switchRead }))).toBeUndefined();
  expect(plantedBugSwitch(pathOf(member(id('mutants'), id('name'), true)))).toBeUndefined();
  // The code only a planted bug runs is set aside; the code that runs when the bug is off is not.
  const call: Node = { type: 'ExpressionStatement' };
  expect(plantedBugSwitch(pathOf(call, { type: 'IfStatement', test: switchRead, consequent: call }))).toMatch(/runs only under a planted bug/);
  const normal: Node = { type: 'BlockStatement' };
  expect(plantedBugSwitch(pathOf(normal, { type: 'IfStatement', test: { type: 'UnaryExpression', operator: '!', argument: switchRead }, consequent: normal }))).toBeUndefined();
  const other: Node = { type: 'NumericLiteral' };
  expect(plantedBugSwitch(pathOf(other, { type: 'ConditionalExpression', test: switchRead, consequent: { type: 'NumericLiteral' }, alternate: other }))).toBeUndefined();
});

test('the text of errors and violation messages, and functions that only describe, are set aside; strings the logic compares are not', () => {
  const template: Node = { type: 'TemplateLiteral' };
  expect(messageText(pathOf(template, { type: 'NewExpression', callee: id('RangeError') }))).toMatch(/error/);
  expect(messageText(pathOf(str('message'), { type: 'CallExpression', callee: id('assertNever') }))).toMatch(/message/);
  expect(messageText(pathOf(template, { type: 'CallExpression', callee: id('overdrawn') }))).toMatch(/message/);
  expect(messageText(pathOf({ type: 'FunctionDeclaration', id: id('describeGpuPlacementViolation') }))).toMatch(/only writes text/);
  expect(messageText(pathOf({ type: 'ArrowFunctionExpression' }, { type: 'VariableDeclarator', id: id('show') }))).toMatch(/only writes text/);
  // What the protocol compares is logic: a message kind, a role.
  expect(messageText(pathOf(str('append-entries'), { type: 'BinaryExpression', operator: '===' }))).toBeUndefined();
  expect(messageText(pathOf(str('leader'), { type: 'CallExpression', callee: id('send') }))).toBeUndefined();
  expect(messageText(pathOf({ type: 'FunctionDeclaration', id: id('describer') }))).toBeUndefined();
  expect(messageText(pathOf({ type: 'FunctionDeclaration', id: id('showing') }))).toBeUndefined();
});
