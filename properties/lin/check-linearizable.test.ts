import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { kvSpec, type KvInput, type KvOutput } from '../../model/kv-spec.js';
import { ledgerSpec, type LedgerInput, type LedgerOutput } from '../../model/ledger-spec.js';
import { ILLEGAL, fillLinSpecDefaults, type LinSpec } from '../../model/lin-spec.js';
import { mayRefuseLedgerSpec } from '../../model/may-refuse-ledger-spec.js';
import { toDeterministicSpec } from '../../model/nondeterministic-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput, type RegisterValue } from '../../model/register-spec.js';
import { checkLinearizable } from './check-linearizable.js';
import type { LinOperation } from './history.js';

type RegisterOperation = LinOperation<RegisterInput, RegisterOutput>;

/**
 * Runs `inputs` through the spec one after the other and gives each operation
 * an interval around its own linearization point (points 10 apart, intervals
 * up to 30 wide on each side), so neighbours overlap but the order is
 * respected. `unknown[i]` turns operation i into a timed-out one.
 */
function sequentialHistory<S, I, O>(
  spec: LinSpec<S, I, O>,
  inputs: readonly I[],
  outputOf: (state: S, input: I) => O,
  unknownOutput: O,
  widths: readonly (readonly [number, number])[],
  unknown: readonly boolean[],
): LinOperation<I, O>[] {
  let state = spec.init();
  return inputs.map((input, index) => {
    const output = outputOf(state, input);
    const next = spec.step(state, input, output);
    if (next === ILLEGAL) throw new Error('the generator produced an operation its own spec rejects');
    state = next;
    const [before, after] = widths[index] ?? [0, 0];
    const point = index * 10;
    const open = unknown[index] ?? false;
    return { client: index % 4, call: point - before, return: open ? Infinity : point + after, input, output: open ? unknownOutput : output };
  });
}

const registerValue = fc.constantFrom<RegisterValue>(0, 1, 2, 3);
const registerInput: fc.Arbitrary<RegisterInput> = fc.oneof(
  fc.constant<RegisterInput>({ kind: 'read' }),
  registerValue.map((value): RegisterInput => ({ kind: 'write', value })),
  fc.tuple(registerValue, registerValue).map(([from, to]): RegisterInput => ({ kind: 'cas', from, to })),
);
const registerOutputOf = (state: RegisterValue, input: RegisterInput): RegisterOutput =>
  input.kind === 'read' ? { kind: 'read', value: state } : input.kind === 'write' ? { kind: 'write' } : { kind: 'cas', swapped: state === input.from };
const widths = (length: number) => fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })), { minLength: length, maxLength: length });
const flags = (length: number) => fc.array(fc.boolean(), { minLength: length, maxLength: length });

const sequentialRegister = fc
  .array(registerInput, { minLength: 1, maxLength: 40 })
  .chain((inputs) => fc.tuple(fc.constant(inputs), widths(inputs.length), fc.array(fc.nat(9), { minLength: inputs.length, maxLength: inputs.length })))
  .map(([inputs, spans, dice]) => sequentialHistory(registerSpec, inputs, registerOutputOf, { kind: 'unknown' }, spans, dice.map((d) => d === 0)));

/**
 * Decides linearizability by trying every order: an operation may go next
 * when no other unplaced operation returned before it was called; operations
 * with unknown outcome may also be left out. Exponential, for tiny histories.
 */
function bruteForce<S, I, O>(spec: LinSpec<S, I, O>, operations: readonly LinOperation<I, O>[]): boolean {
  const full = fillLinSpecDefaults(spec);
  const placed = operations.map(() => false);
  const search = (state: S, left: number): boolean => {
    if (left === 0) return true;
    for (let i = 0; i < operations.length; i++) {
      const operation = operations[i]!;
      if (placed[i]) continue;
      const blocked = operations.some((other, j) => j !== i && !placed[j] && other.return < operation.call);
      if (blocked) continue;
      const next = full.step(state, operation.input, operation.output);
      if (next === ILLEGAL) continue;
      placed[i] = true;
      const found = search(next, left - (operation.return === Infinity ? 0 : 1));
      placed[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(full.init(), operations.filter((operation) => operation.return !== Infinity).length);
}

const concurrentRegisterOperation: fc.Arbitrary<RegisterOperation> = fc
  .record({
    client: fc.nat(3),
    call: fc.nat(20),
    duration: fc.nat(10),
    open: fc.nat(5).map((d) => d === 0),
    input: registerInput,
    read: fc.constantFrom<RegisterValue>(null, 0, 1, 2),
    swapped: fc.boolean(),
    lost: fc.nat(5).map((d) => d === 0),
  })
  .map(({ client, call, duration, open, input, read, swapped, lost }) => {
    const output: RegisterOutput =
      open || lost ? { kind: 'unknown' } : input.kind === 'read' ? { kind: 'read', value: read } : input.kind === 'write' ? { kind: 'write' } : { kind: 'cas', swapped };
    return { client, call, return: open ? Infinity : call + duration, input, output };
  });

describe('checkLinearizable', () => {
  test.prop([sequentialRegister], { numRuns: 300 })('finds a register history recorded from a sequential run linearizable', (operations) => {
    expect(checkLinearizable(registerSpec, operations).kind).toBe('ok');
  });

  const kvInput: fc.Arbitrary<KvInput> = fc.record({ kind: fc.constantFrom('get', 'put', 'append'), key: fc.constantFrom('a', 'b', 'c'), value: fc.constantFrom('x', 'y', 'zz') }).map(
    ({ kind, key, value }): KvInput => (kind === 'get' ? { kind, key } : { kind, key, value }),
  );
  test.prop(
    [fc.array(kvInput, { minLength: 1, maxLength: 40 }).chain((inputs) => fc.tuple(fc.constant(inputs), widths(inputs.length), flags(inputs.length)))],
    { numRuns: 200 },
  )('finds a kv history recorded from a sequential run linearizable, key by key', ([inputs, spans, open]) => {
    const values = new Map<string, string>();
    const outputOf = (_: unknown, input: KvInput): KvOutput => {
      const current = values.get(input.key) ?? '';
      if (input.kind === 'put') values.set(input.key, input.value);
      if (input.kind === 'append') values.set(input.key, current + input.value);
      return input.kind === 'get' ? { kind: 'get', value: current } : { kind: 'done' };
    };
    // The kv spec's state is one key's value, so the sequential run is
    // replayed per key by the output function above rather than by the spec.
    const operations = inputs.map((input, index): LinOperation<KvInput, KvOutput> => {
      const output = outputOf(null, input);
      const [before, after] = spans[index] ?? [0, 0];
      const unknown = open[index] === true && input.kind !== 'get';
      return { client: index % 5, call: index * 10 - before, return: unknown ? Infinity : index * 10 + after, input, output: unknown ? { kind: 'unknown' } : output };
    });
    expect(checkLinearizable(kvSpec, operations).kind).toBe('ok');
  });

  const ledgerInput: fc.Arbitrary<LedgerInput> = fc.oneof(
    fc.integer({ min: 0, max: 6 }).map((amount): LedgerInput => ({ kind: 'acquire', amount })),
    fc.integer({ min: 0, max: 6 }).map((amount): LedgerInput => ({ kind: 'release', amount })),
    fc.constant<LedgerInput>({ kind: 'query' }),
  );
  test.prop(
    [fc.array(ledgerInput, { minLength: 1, maxLength: 30 }).chain((inputs) => fc.tuple(fc.constant(inputs), widths(inputs.length), flags(inputs.length)))],
    { numRuns: 200 },
  )('finds a ledger history recorded from a sequential run linearizable', ([inputs, spans, open]) => {
    const spec = ledgerSpec(10);
    // Releases beyond what is held are skipped: the service would reject them.
    let free = 10;
    const feasible = inputs.filter((input) => {
      if (input.kind === 'release' && free + input.amount > 10) return false;
      if (input.kind === 'release') free += input.amount;
      if (input.kind === 'acquire' && input.amount <= free) free -= input.amount;
      return true;
    });
    const outputOf = (state: number, input: LedgerInput): LedgerOutput =>
      input.kind === 'acquire' ? (input.amount <= state ? { kind: 'granted' } : { kind: 'refused' }) : input.kind === 'release' ? { kind: 'released' } : { kind: 'free', free: state };
    const operations = sequentialHistory(spec, feasible, outputOf, { kind: 'unknown' }, spans, open);
    expect(checkLinearizable(spec, operations).kind).toBe('ok');
  });

  test.prop([fc.array(concurrentRegisterOperation, { minLength: 0, maxLength: 8 })], { numRuns: 1500 })(
    'agrees with a brute-force enumeration of all orders on small concurrent register histories',
    (operations) => {
      const verdict = checkLinearizable(registerSpec, operations).kind;
      expect(verdict).toBe(bruteForce(registerSpec, operations) ? 'ok' : 'illegal');
    },
  );

  const ledgerOperation: fc.Arbitrary<LinOperation<LedgerInput, LedgerOutput>> = fc
    .record({
      call: fc.nat(20),
      duration: fc.nat(10),
      open: fc.nat(4).map((d) => d === 0),
      input: ledgerInput,
      answer: fc.constantFrom<LedgerOutput['kind']>('granted', 'refused'),
      free: fc.nat(10),
    })
    .map(({ call, duration, open, input, answer, free }) => {
      const output: LedgerOutput = open
        ? { kind: 'unknown' }
        : input.kind === 'acquire'
          ? { kind: answer === 'granted' ? 'granted' : 'refused' }
          : input.kind === 'release'
            ? { kind: 'released' }
            : { kind: 'free', free };
      return { client: 0, call, return: open ? Infinity : call + duration, input, output };
    });
  test.prop([fc.array(ledgerOperation, { maxLength: 7 })], { numRuns: 800 })(
    'agrees with brute force on the nondeterministic "may refuse" ledger, through the adapter',
    (operations) => {
      const spec = toDeterministicSpec(mayRefuseLedgerSpec(6));
      expect(checkLinearizable(spec, operations).kind).toBe(bruteForce(spec, operations) ? 'ok' : 'illegal');
    },
  );

  test.prop(
    [
      sequentialRegister.filter((operations) => operations.some((operation) => operation.output.kind === 'read')),
      fc.nat(),
    ],
    { numRuns: 300 },
  )('finds a register history illegal once one read returns a value never written', (operations, pick) => {
    const reads = operations.flatMap((operation, index) => (operation.output.kind === 'read' ? [index] : []));
    const target = reads[pick % reads.length] ?? 0;
    const mutated = operations.map((operation, index) => (index === target ? { ...operation, output: { kind: 'read' as const, value: 'never written' } } : operation));
    expect(checkLinearizable(registerSpec, mutated).kind).toBe('illegal');
  });

  it('lets an operation with unknown outcome never take effect', () => {
    // Releasing units nobody holds is illegal in every state, so the only
    // way to linearize this history is for the timed-out release to never
    // have happened.
    const spec = ledgerSpec(10);
    const operations: LinOperation<LedgerInput, LedgerOutput>[] = [
      { client: 0, call: 0, return: Infinity, input: { kind: 'release', amount: 5 }, output: { kind: 'unknown' } },
      { client: 1, call: 5, return: 6, input: { kind: 'query' }, output: { kind: 'free', free: 10 } },
    ];
    expect(checkLinearizable(spec, operations).kind).toBe('ok');
    const completed = [{ ...operations[0]!, return: 1 }, operations[1]!];
    expect(checkLinearizable(spec, completed).kind).toBe('illegal');
  });

  it('lets an operation with unknown outcome take effect long after its call', () => {
    const operations: RegisterOperation[] = [
      { client: 0, call: 0, return: Infinity, input: { kind: 'write', value: 1 }, output: { kind: 'unknown' } },
      { client: 1, call: 5, return: 6, input: { kind: 'read' }, output: { kind: 'read', value: null } },
      { client: 1, call: 7, return: 8, input: { kind: 'read' }, output: { kind: 'read', value: 1 } },
    ];
    expect(checkLinearizable(registerSpec, operations).kind).toBe('ok');
  });

  it('orders operations by real time: a read after a completed write must see it', () => {
    const operations: RegisterOperation[] = [
      { client: 0, call: 0, return: 1, input: { kind: 'write', value: 1 }, output: { kind: 'write' } },
      { client: 1, call: 2, return: 3, input: { kind: 'read' }, output: { kind: 'read', value: null } },
    ];
    const result = checkLinearizable(registerSpec, operations);
    expect(result.kind).toBe('illegal');
    if (result.kind !== 'illegal') return;
    const partition = result.partitions[result.illegalPartition];
    expect(partition?.stuckAt).toBe(1);
    expect(partition?.longest[0]).toEqual({ operations: [0], stuckAt: 1 });
  });

  it('counts operations that touch at the same instant as concurrent', () => {
    const operations: RegisterOperation[] = [
      { client: 0, call: 0, return: 2, input: { kind: 'write', value: 1 }, output: { kind: 'write' } },
      { client: 1, call: 2, return: 3, input: { kind: 'read' }, output: { kind: 'read', value: null } },
    ];
    expect(checkLinearizable(registerSpec, operations).kind).toBe('ok');
  });

  it('answers unknown, never ok, when the time runs out', () => {
    // Twenty concurrent writes and then a read of a value nobody wrote: the
    // search must rule out every subset of writes before it can say illegal.
    const writes: RegisterOperation[] = Array.from({ length: 20 }, (_, index) => ({
      client: index,
      call: 0,
      return: 100,
      input: { kind: 'write', value: index },
      output: { kind: 'write' },
    }));
    const read: RegisterOperation = { client: 99, call: 200, return: 201, input: { kind: 'read' }, output: { kind: 'read', value: 'nobody' } };
    const started = performance.now();
    const result = checkLinearizable(registerSpec, [...writes, read], { timeoutMs: 30 });
    expect(result.kind).toBe('unknown');
    expect(result.partitions[0]?.kind).toBe('unknown');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('does not let a hard partition hide an illegal one', () => {
    // Key "a": twenty concurrent appends that a later get sees in reverse
    // order, which the search reaches last. Key "b": a get of a value never
    // put. Checking "a" to the end first would take very long.
    const appends: LinOperation<KvInput, KvOutput>[] = Array.from({ length: 20 }, (_, index) => ({
      client: index,
      call: 0,
      return: 100,
      input: { kind: 'append', key: 'a', value: String.fromCharCode(65 + index) },
      output: { kind: 'done' },
    }));
    const reversed = appends.map((operation) => (operation.input.kind === 'append' ? operation.input.value : '')).reverse().join('');
    const operations: LinOperation<KvInput, KvOutput>[] = [
      ...appends,
      { client: 50, call: 200, return: 201, input: { kind: 'get', key: 'a' }, output: { kind: 'get', value: reversed } },
      { client: 51, call: 0, return: 1, input: { kind: 'get', key: 'b' }, output: { kind: 'get', value: 'ghost' } },
    ];
    const result = checkLinearizable(kvSpec, operations, { timeoutMs: 10_000 });
    expect(result.kind).toBe('illegal');
    if (result.kind !== 'illegal') return;
    expect(result.illegalPartition).toBe(1);
    expect(result.partitions[0]?.kind).toBe('unfinished');
    expect(result.partitions[0]?.longest).toEqual([]);
    expect(result.partitions[1]?.stuckAt).toBe(21);
  });

  it('rejects operations that return before they are called, with a plain sentence', () => {
    const backwards: RegisterOperation = { client: 0, call: 5, return: 4, input: { kind: 'read' }, output: { kind: 'unknown' } };
    expect(() => checkLinearizable(registerSpec, [backwards])).toThrow(/no later than its return/);
  });

  it('rejects a partition that loses or repeats operations', () => {
    const read: RegisterOperation = { client: 0, call: 0, return: 1, input: { kind: 'read' }, output: { kind: 'read', value: null } };
    expect(() => checkLinearizable({ ...registerSpec, partition: () => [[0, 0]] }, [read, read])).toThrow(/once/);
    expect(() => checkLinearizable({ ...registerSpec, partition: () => [[0]] }, [read, read])).toThrow(/left operations out/);
  });

  it('finds the empty history linearizable', () => {
    expect(checkLinearizable(registerSpec, []).kind).toBe('ok');
  });
});
