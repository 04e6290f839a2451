import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { kvSpec, type KvInput, type KvOutput } from '../../model/kv-spec.js';
import { ledgerSpec, type JobLedgerSpec, type LedgerInput, type LedgerNode, type LedgerOutput } from '../../model/ledger-spec.js';
import { ILLEGAL, fillLinSpecDefaults, type LinSpec } from '../../model/lin-spec.js';
import { mayRefuseLedgerSpec } from '../../model/may-refuse-ledger-spec.js';
import { toDeterministicSpec } from '../../model/nondeterministic-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput, type RegisterValue } from '../../model/register-spec.js';
import { addResources, fitsWithin, mapResources, resources, subtractResources, type ResourceDimension, type Resources } from '../../model/resources.js';
import { checkLinearizable } from './check-linearizable.js';
import type { LinOperation } from './history.js';
import { LinSearch } from './lin-search.js';

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

/**
 * Two values and half the writes and compares left open, so that open
 * operations repeat each other's input (one class, several members) and a
 * configuration is often reached with different open operations used.
 */
const openHeavyRegisterOperation: fc.Arbitrary<RegisterOperation> = fc
  .record({
    client: fc.nat(3),
    call: fc.nat(12),
    duration: fc.nat(6),
    open: fc.boolean(),
    kind: fc.constantFrom('read', 'write', 'cas'),
    a: fc.constantFrom<RegisterValue>(0, 1),
    b: fc.constantFrom<RegisterValue>(0, 1),
    read: fc.constantFrom<RegisterValue>(null, 0, 1),
    swapped: fc.boolean(),
  })
  .map(({ client, call, duration, open, kind, a, b, read, swapped }): RegisterOperation => {
    const input: RegisterInput = kind === 'read' ? { kind } : kind === 'write' ? { kind, value: a } : { kind, from: a, to: b };
    const isOpen = open && kind !== 'read';
    const output: RegisterOutput = isOpen ? { kind: 'unknown' } : kind === 'read' ? { kind, value: read } : kind === 'write' ? { kind } : { kind, swapped };
    return { client, call, return: isOpen ? Infinity : call + duration, input, output };
  });

/** A one-key kv history of gets, puts and appends of short strings, some left open. */
const kvKey = 'k';
const concurrentKvOperation: fc.Arbitrary<LinOperation<KvInput, KvOutput>> = fc
  .record({
    client: fc.nat(3),
    call: fc.nat(12),
    duration: fc.nat(6),
    open: fc.nat(3).map((d) => d === 0),
    kind: fc.constantFrom('get', 'put', 'append'),
    value: fc.constantFrom('', 'x', 'y'),
    seen: fc.constantFrom('', 'x', 'y', 'xy', 'yx', 'xx'),
  })
  .map(({ client, call, duration, open, kind, value, seen }): LinOperation<KvInput, KvOutput> => {
    const input: KvInput = kind === 'get' ? { kind, key: kvKey } : { kind, key: kvKey, value };
    const isOpen = open && kind !== 'get';
    const output: KvOutput = isOpen ? { kind: 'unknown' } : kind === 'get' ? { kind, value: seen } : { kind: 'done' };
    return { client, call, return: isOpen ? Infinity : call + duration, input, output };
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

  test.prop([fc.array(concurrentRegisterOperation, { minLength: 0, maxLength: 8 })], { numRuns: 1500 })(
    'agrees with a brute-force enumeration of all orders on small concurrent register histories',
    (operations) => {
      const verdict = checkLinearizable(registerSpec, operations).kind;
      expect(verdict).toBe(bruteForce(registerSpec, operations) ? 'ok' : 'illegal');
    },
  );

  test.prop([fc.array(openHeavyRegisterOperation, { minLength: 0, maxLength: 9 })], { numRuns: 1500 })(
    'agrees with brute force on register histories where open operations repeat each other',
    (operations) => {
      expect(checkLinearizable(registerSpec, operations).kind).toBe(bruteForce(registerSpec, operations) ? 'ok' : 'illegal');
    },
  );

  test.prop([fc.array(fc.oneof(concurrentRegisterOperation, openHeavyRegisterOperation), { minLength: 0, maxLength: 9 })], { numRuns: 1500 })(
    'agrees with brute force when dead states are pruned from the first step',
    (operations) => {
      const search = new LinSearch(fillLinSpecDefaults(registerSpec), operations, { deadStatesAfter: 0 });
      expect(search.run(Infinity)).toBe(bruteForce(registerSpec, operations) ? 'ok' : 'illegal');
    },
  );

  test.prop([fc.array(concurrentKvOperation, { minLength: 0, maxLength: 8 })], { numRuns: 1500 })(
    'agrees with brute force on one-key kv histories, where gets are read-only',
    (operations) => {
      expect(checkLinearizable(kvSpec, operations).kind).toBe(bruteForce(kvSpec, operations) ? 'ok' : 'illegal');
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

  /** Twenty concurrent appends and then a get of a value no order of them gives: the search must rule out every order before it can say illegal. */
  const hardKvHistory = (): LinOperation<KvInput, KvOutput>[] => [
    ...Array.from({ length: 20 }, (_, index): LinOperation<KvInput, KvOutput> => ({
      client: index,
      call: 0,
      return: 100,
      input: { kind: 'append', key: 'k', value: String.fromCharCode(65 + index) },
      output: { kind: 'done' },
    })),
    { client: 99, call: 200, return: 201, input: { kind: 'get', key: 'k' }, output: { kind: 'get', value: 'nobody' } },
  ];

  it('answers unknown, never ok, when the time runs out', () => {
    const started = performance.now();
    const result = checkLinearizable(kvSpec, hardKvHistory(), { timeoutMs: 30 });
    expect(result).toMatchObject({ kind: 'unknown', reason: 'timeout' });
    expect(result.partitions[0]?.kind).toBe('unknown');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('answers unknown with reason memory when the memory limit is reached', () => {
    expect(checkLinearizable(kvSpec, hardKvHistory(), { timeoutMs: 60_000, maxMemoryMB: 1 })).toMatchObject({ kind: 'unknown', reason: 'memory' });
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

/** Small nodes, so that a handful of demands both fit and collide. */
const ledgerNodes: fc.Arbitrary<LedgerNode[]> = fc
  .array(fc.record({ cpu: fc.integer({ min: 1, max: 4 }), memory: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 })
  .map((capacities) => capacities.map(({ cpu, memory }, index) => ({ id: `n${index + 1}`, capacity: resources(cpu * 500, memory * 1024) })));

const ledgerInput: fc.Arbitrary<LedgerInput> = fc.oneof(
  fc
    .record({ job: fc.constantFrom('j1', 'j2', 'j3', 'j4', 'j5'), cpu: fc.nat(3), memory: fc.nat(3), tenant: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) })
    .map(({ job, cpu, memory, tenant }): LedgerInput => ({ kind: 'submit', job, demand: resources(cpu * 500, memory * 1024), ...(tenant === undefined ? {} : { tenant }) })),
  fc.constantFrom('j1', 'j2', 'j3', 'j4', 'j5').map((job): LedgerInput => ({ kind: 'complete', job })),
  fc.constant<LedgerInput>({ kind: 'query' }),
);

/**
 * A simple first-fit allocation service, written apart from the spec: it
 * places a job on the first node in order where the demand fits, rejects a
 * duplicate or a demand that fits nowhere, and answers a query with what
 * each node has granted.
 */
function firstFitService(nodes: readonly LedgerNode[]): (input: LedgerInput) => LedgerOutput {
  const free = new Map(nodes.map((node) => [node.id, node.capacity]));
  const jobs = new Map<string, { node: string; demand: Resources }>();
  return (input) => {
    switch (input.kind) {
      case 'submit': {
        const node = jobs.has(input.job) ? undefined : nodes.find((candidate) => fitsWithin(input.demand, free.get(candidate.id)!));
        if (node === undefined) return { kind: 'rejected' };
        jobs.set(input.job, { node: node.id, demand: input.demand });
        free.set(node.id, subtractResources(free.get(node.id)!, input.demand));
        return { kind: 'placed', node: node.id };
      }
      case 'complete': {
        const job = jobs.get(input.job);
        if (job === undefined) return { kind: 'unknown-job' };
        jobs.delete(input.job);
        free.set(job.node, addResources(free.get(job.node)!, job.demand));
        return { kind: 'completed' };
      }
      case 'query':
        return { kind: 'allocations', allocated: Object.fromEntries(nodes.map((node) => [node.id, subtractResources(node.capacity, free.get(node.id)!)])) };
      case 'move': {
        const job = jobs.get(input.job);
        const room = free.get(input.node);
        if (job === undefined || room === undefined || job.node === input.node || !fitsWithin(job.demand, room)) return { kind: 'refused' };
        free.set(job.node, addResources(free.get(job.node)!, job.demand));
        free.set(input.node, subtractResources(room, job.demand));
        jobs.set(input.job, { node: input.node, demand: job.demand });
        return { kind: 'moved' };
      }
    }
  };
}

/** A first-fit run over random nodes, recorded with overlapping intervals and some unknown outcomes. */
const firstFitHistory = fc
  .tuple(ledgerNodes, fc.array(ledgerInput, { minLength: 1, maxLength: 30 }))
  .chain(([nodes, inputs]) => fc.tuple(fc.constant(nodes), fc.constant(inputs), widths(inputs.length), fc.array(fc.nat(3), { minLength: inputs.length, maxLength: inputs.length })))
  .map(([nodes, inputs, spans, dice]) => {
    const open = dice.map((d) => d === 0);
    const service = firstFitService(nodes);
    // The spec steps along with the service, so a first-fit output that the
    // strict ledger rejects fails the test right here.
    const operations = sequentialHistory(toDeterministicSpec(ledgerSpec(nodes)), inputs, (_, input) => service(input), { kind: 'unknown' }, spans, open);
    return { nodes, operations };
  });

const ledgerSpecs = [
  ['ledger', ledgerSpec],
  ['ledger-may-refuse', mayRefuseLedgerSpec],
] as const;

describe('checkLinearizable with the job ledger', () => {
  test.prop([firstFitHistory], { numRuns: 200 })('finds a history recorded from a sequential first-fit service linearizable, for both ledgers', ({ nodes, operations }) => {
    for (const [, build] of ledgerSpecs) {
      expect(checkLinearizable(toDeterministicSpec(build(nodes)), operations).kind).toBe('ok');
    }
  });

  /**
   * Two jobs placed on one node whose demands each fit it but together do
   * not, both never completed: at the later of their linearization points
   * the node is over its capacity, whatever else happens around them.
   */
  const overGrant = fc
    .tuple(firstFitHistory, fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.constantFrom<ResourceDimension>('cpuMillis', 'memoryMiB'))
    .chain(([history, pick, a, b, other, dimension]) =>
      fc.tuple(fc.constant({ history, pick, a, b, other, dimension }), fc.array(fc.tuple(fc.integer({ min: -30, max: 300 }), fc.nat(40)), { minLength: 2, maxLength: 2 })),
    )
    .map(([{ history, pick, a, b, other, dimension }, times]) => {
      const node = history.nodes[pick % history.nodes.length]!;
      const capacity = node.capacity[dimension];
      const first = 1 + (a % capacity);
      const second = capacity - first + 1 + (b % first);
      const demand = (amount: number): Resources => mapResources((d) => (d === dimension ? amount : other % (node.capacity[d] + 1)));
      const grants = [first, second].map((amount, index): LinOperation<LedgerInput, LedgerOutput> => {
        const [call, duration] = times[index] ?? [0, 0];
        return { client: 10 + index, call, return: call + duration, input: { kind: 'submit', job: `x${index}`, demand: demand(amount) }, output: { kind: 'placed', node: node.id } };
      });
      return { nodes: history.nodes, operations: [...history.operations, ...grants] };
    });
  test.prop([overGrant], { numRuns: 200 })('finds two placements that together exceed a node illegal, for both ledgers', ({ nodes, operations }) => {
    for (const [, build] of ledgerSpecs) {
      expect(checkLinearizable(toDeterministicSpec(build(nodes)), operations).kind).toBe('illegal');
    }
  });

  /** Two small nodes and three demands, so that placements collide within a few operations. */
  const smallNodes: LedgerNode[] = [
    { id: 'n1', capacity: resources(1000, 2048) },
    { id: 'n2', capacity: resources(500, 1024) },
  ];
  const smallAllocations = [resources(0, 0), resources(500, 1024), resources(1000, 1024), resources(500, 2048), resources(1000, 2048)];
  const concurrentLedgerOperation: fc.Arbitrary<LinOperation<LedgerInput, LedgerOutput>> = fc
    .record({
      client: fc.nat(3),
      call: fc.nat(20),
      duration: fc.nat(10),
      open: fc.nat(4).map((d) => d === 0),
      lost: fc.nat(5).map((d) => d === 0),
      kind: fc.constantFrom('submit', 'complete', 'query'),
      job: fc.constantFrom('a', 'b', 'c'),
      demand: fc.constantFrom(resources(500, 1024), resources(1000, 1024), resources(500, 2048)),
      answer: fc.nat(2),
      n1: fc.constantFrom(...smallAllocations),
      n2: fc.constantFrom(smallAllocations[0]!, smallAllocations[1]!),
    })
    .map(({ client, call, duration, open, lost, kind, job, demand, answer, n1, n2 }) => {
      const input: LedgerInput = kind === 'submit' ? { kind, job, demand } : kind === 'complete' ? { kind, job } : { kind };
      const known: LedgerOutput =
        input.kind === 'submit'
          ? answer === 2 ? { kind: 'rejected' } : { kind: 'placed', node: answer === 0 ? 'n1' : 'n2' }
          : input.kind === 'complete'
            ? { kind: answer === 0 ? 'unknown-job' : 'completed' }
            : { kind: 'allocations', allocated: { n1, n2 } };
      return { client, call, return: open ? Infinity : call + duration, input, output: open || lost ? { kind: 'unknown' } : known };
    });
  /**
   * A history whose outputs come from a walk through `spec` in call order,
   * which is always a valid linearization order, so the history is ok until
   * one output is swapped for the generator's random one. Random outputs
   * alone would make almost every longer history illegal, and the agreement
   * would then say little about the ok side.
   */
  const walkedLedgerHistory = (spec: JobLedgerSpec) =>
    fc
      .tuple(fc.array(concurrentLedgerOperation, { maxLength: 7 }), fc.array(fc.nat(), { minLength: 7, maxLength: 7 }), fc.option(fc.nat(), { nil: undefined }))
      .map(([operations, picks, swapped]) => {
        const order = operations.map((_, index) => index).sort((a, b) => operations[a]!.call - operations[b]!.call || a - b);
        const walked = [...operations];
        let state = spec.init();
        order.forEach((index, position) => {
          const operation = operations[index]!;
          const candidates: LedgerOutput[] =
            operation.input.kind === 'submit'
              ? [{ kind: 'placed', node: 'n1' }, { kind: 'placed', node: 'n2' }, { kind: 'rejected' }]
              : operation.input.kind === 'complete'
                ? [{ kind: 'completed' }, { kind: 'unknown-job' }]
                : [{ kind: 'allocations', allocated: Object.fromEntries(smallNodes.map((node, at) => [node.id, state.allocated[at]!])) }];
          const legal = candidates.filter((output) => spec.step(state, operation.input, output).length > 0);
          const output = legal[(picks[position] ?? 0) % legal.length]!;
          state = spec.step(state, operation.input, output)[0]!;
          if (operation.output.kind !== 'unknown' && index !== (swapped ?? -1) % operations.length) walked[index] = { ...operation, output };
        });
        return walked;
      });
  for (const [name, build] of ledgerSpecs) {
    const spec = toDeterministicSpec(build(smallNodes));
    test.prop([fc.oneof(walkedLedgerHistory(build(smallNodes)), fc.array(concurrentLedgerOperation, { maxLength: 7 }))], { numRuns: 1000 })(
      `agrees with brute force on small concurrent histories with unknown outcomes: ${name}`,
      (operations) => {
        expect(checkLinearizable(spec, operations).kind).toBe(bruteForce(spec, operations) ? 'ok' : 'illegal');
      },
    );
  }

  it('lets a submit with unknown outcome take effect on any node where it fits, and only there', () => {
    // j1 fits on both nodes; the queries tell which one it landed on, or
    // that it has not taken effect yet.
    const submit: LinOperation<LedgerInput, LedgerOutput> = { client: 0, call: 0, return: Infinity, input: { kind: 'submit', job: 'j1', demand: resources(500, 1024) }, output: { kind: 'unknown' } };
    const query = (allocated: Record<string, Resources>, at: number): LinOperation<LedgerInput, LedgerOutput> => ({ client: 1, call: at, return: at + 1, input: { kind: 'query' }, output: { kind: 'allocations', allocated } });
    const spec = toDeterministicSpec(ledgerSpec(smallNodes));
    expect(checkLinearizable(spec, [submit, query({}, 5), query({ n2: resources(500, 1024) }, 7)]).kind).toBe('ok');
    expect(checkLinearizable(spec, [submit, query({ n1: resources(500, 1024) }, 5)]).kind).toBe('ok');
    expect(checkLinearizable(spec, [submit, query({ n2: resources(500, 1024) }, 5), query({}, 7)]).kind).toBe('illegal');
    expect(checkLinearizable(spec, [submit, query({ n1: resources(500, 1024), n2: resources(500, 1024) }, 5)]).kind).toBe('illegal');
  });
});
