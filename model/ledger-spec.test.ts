import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { describeLedgerOperation, jobLedgerSpec, ledgerNodesProblem, ledgerSpec, type JobLedgerSpec, type LedgerInput, type LedgerNode, type LedgerOutput } from './ledger-spec.js';
import type { LedgerState } from './ledger-state.js';
import { mayRefuseLedgerSpec } from './may-refuse-ledger-spec.js';
import { addResources, fitsWithin, NO_RESOURCES, resources, subtractResources, type Resources } from './resources.js';

const NODES: LedgerNode[] = [
  { id: 'n1', capacity: resources(4000, 8192) },
  { id: 'n2', capacity: resources(2000, 4096) },
];
const ledger = ledgerSpec(NODES);
const { step } = ledger;

const submit = (job: string, cpuMillis: number, memoryMiB: number, tenant?: string): LedgerInput =>
  tenant === undefined ? { kind: 'submit', job, demand: resources(cpuMillis, memoryMiB) } : { kind: 'submit', job, demand: resources(cpuMillis, memoryMiB), tenant };
const placed = (node: string): LedgerOutput => ({ kind: 'placed', node });
const allocations = (allocated: Record<string, Resources>): LedgerOutput => ({ kind: 'allocations', allocated });

/** Steps a spec that must have exactly one successor, as every known output does. */
function only(spec: JobLedgerSpec, state: LedgerState, input: LedgerInput, output: LedgerOutput): LedgerState {
  const next = spec.step(state, input, output);
  expect(next).toHaveLength(1);
  return next[0]!;
}

/** n1 holds j1 (3000m/4096Mi), n2 holds j2 (1500m/1024Mi). */
const busy = only(ledger, only(ledger, ledger.init(), submit('j1', 3000, 4096, 'a'), placed('n1')), submit('j2', 1500, 1024), placed('n2'));

describe('ledgerSpec', () => {
  it('moves a placed job with its grant to another node where it fits, and may refuse any move', () => {
    const move = (job: string, node: string): LedgerInput => ({ kind: 'move', job, node });
    // n2 has 500m/3072Mi free: j1 (3000m) does not fit there, j2 cannot move to the node it is on.
    expect(step(busy, move('j1', 'n2'), { kind: 'moved' })).toEqual([]);
    expect(step(busy, move('j1', 'n2'), { kind: 'refused' })).toEqual([busy]);
    expect(step(busy, move('j2', 'n2'), { kind: 'refused' })).toEqual([busy]);
    expect(step(busy, move('j9', 'n1'), { kind: 'refused' })).toEqual([busy]);
    // n1 has 1000m/4096Mi free: j2 (1500m) does not fit either; after j1 completes it does.
    const freed = only(ledger, busy, { kind: 'complete', job: 'j1' }, { kind: 'completed' });
    const moved = only(ledger, freed, move('j2', 'n1'), { kind: 'moved' });
    expect(step(freed, move('j2', 'n1'), { kind: 'refused' })).toEqual([freed]);
    expect(step(moved, { kind: 'query' }, allocations({ n1: resources(1500, 1024) }))).toHaveLength(1);
    // An unknown move may or may not have happened.
    expect(step(freed, move('j2', 'n1'), { kind: 'unknown' })).toHaveLength(2);
  });

  it('accepts a partial grant up to the demand, and allocates the grant', () => {
    const partial: LedgerOutput = { kind: 'placed', node: 'n2', grant: resources(500, 1024) };
    const after = only(ledger, busy, submit('j3', 2000, 2048), partial);
    expect(step(after, { kind: 'query' }, allocations({ n1: resources(3000, 4096), n2: resources(2000, 2048) }))).toHaveLength(1);
    expect(step(busy, submit('j3', 400, 2048), partial)).toEqual([]);
    expect(step(busy, submit('j3', 5000, 5000), { kind: 'placed', node: 'n2', grant: resources(600, 0) })).toEqual([]);
  });

  it('starts with nothing placed', () => {
    const state = ledger.init();
    expect(state.placements).toEqual([]);
    expect(step(state, { kind: 'query' }, allocations({}))).toEqual([state]);
  });

  it('places a job on a named node exactly when its demand fits there in every dimension', () => {
    expect(step(busy, submit('j3', 1000, 4096), placed('n1'))).toHaveLength(1);
    expect(step(busy, submit('j3', 1001, 10), placed('n1'))).toEqual([]);
    expect(step(busy, submit('j3', 10, 3073), placed('n2'))).toEqual([]);
    expect(step(busy, submit('j3', 500, 3072), placed('n2'))).toHaveLength(1);
    expect(step(busy, submit('j3', 1, 1), placed('n9'))).toEqual([]);
  });

  it('rejects only what fits on no node, or a job already placed', () => {
    expect(step(busy, submit('j3', 1500, 100), { kind: 'rejected' })).toEqual([busy]);
    expect(step(busy, submit('j3', 500, 100), { kind: 'rejected' })).toEqual([]);
    expect(step(busy, submit('j1', 1, 1), { kind: 'rejected' })).toEqual([busy]);
    expect(step(busy, submit('j1', 1, 1), placed('n1'))).toEqual([]);
  });

  it('frees the grant of a completed job and knows no job it has not placed', () => {
    const freed = only(ledger, busy, { kind: 'complete', job: 'j1' }, { kind: 'completed' });
    expect(step(freed, { kind: 'query' }, allocations({ n2: resources(1500, 1024) }))).toEqual([freed]);
    expect(step(busy, { kind: 'complete', job: 'j1' }, { kind: 'unknown-job' })).toEqual([]);
    expect(step(busy, { kind: 'complete', job: 'j7' }, { kind: 'unknown-job' })).toEqual([busy]);
    expect(step(busy, { kind: 'complete', job: 'j7' }, { kind: 'completed' })).toEqual([]);
  });

  it('answers a query with the allocation of every node, a missing node meaning nothing allocated', () => {
    expect(step(busy, { kind: 'query' }, allocations({ n1: resources(3000, 4096), n2: resources(1500, 1024) }))).toEqual([busy]);
    expect(step(busy, { kind: 'query' }, allocations({ n1: resources(3000, 4096) }))).toEqual([]);
    expect(step(busy, { kind: 'query' }, allocations({ n1: resources(1500, 1024), n2: resources(3000, 4096) }))).toEqual([]);
    expect(step(busy, { kind: 'query' }, allocations({ n1: resources(3000, 4096), n2: resources(1500, 1024), n3: NO_RESOURCES }))).toEqual([]);
  });

  it('lets a submit with unknown outcome land on any node where it fits, and nowhere else', () => {
    const next = step(ledger.init(), submit('j1', 1000, 1024), { kind: 'unknown' });
    expect(next.map((state) => state.placements[0]?.node)).toEqual(['n1', 'n2']);
    expect(step(busy, submit('j3', 1000, 1024), { kind: 'unknown' }).map((state) => state.placements.find((p) => p.job === 'j3')?.node)).toEqual(['n1']);
    expect(step(busy, submit('j3', 5000, 1), { kind: 'unknown' })).toEqual([busy]);
    expect(step(busy, submit('j1', 1, 1), { kind: 'unknown' })).toEqual([busy]);
  });

  it('gives a complete or query with unknown outcome its one effect', () => {
    expect(step(busy, { kind: 'complete', job: 'j1' }, { kind: 'unknown' })).toEqual([only(ledger, busy, { kind: 'complete', job: 'j1' }, { kind: 'completed' })]);
    expect(step(busy, { kind: 'complete', job: 'j7' }, { kind: 'unknown' })).toEqual([busy]);
    expect(step(busy, { kind: 'query' }, { kind: 'unknown' })).toEqual([busy]);
  });

  it('records the tenant without letting it decide anything', () => {
    const withTenant = only(ledger, ledger.init(), submit('j1', 10, 10, 'a'), placed('n1'));
    const without = only(ledger, ledger.init(), submit('j1', 10, 10), placed('n1'));
    expect(withTenant.placements[0]?.tenant).toBe('a');
    expect(ledger.equal?.(withTenant, without)).toBe(false);
  });

  it('rejects an output that does not belong to the operation', () => {
    expect(step(busy, submit('j3', 1, 1), { kind: 'completed' })).toEqual([]);
    expect(step(busy, { kind: 'complete', job: 'j1' }, placed('n1'))).toEqual([]);
    expect(step(busy, { kind: 'query' }, { kind: 'rejected' })).toEqual([]);
  });

  it('never places a demand that is not a whole, non-negative vector', () => {
    expect(step(busy, submit('j3', -1, 0), placed('n1'))).toEqual([]);
    expect(step(busy, submit('j3', 0.5, 0), placed('n1'))).toEqual([]);
  });

  it('refuses nodes that cannot make a cluster', () => {
    expect(ledgerNodesProblem([])).toMatch(/at least one node/);
    expect(ledgerNodesProblem([NODES[0]!, NODES[0]!])).toMatch(/appears twice/);
    expect(ledgerNodesProblem([{ id: 'n1', capacity: resources(-1, 0) }])).toMatch(/whole/);
    expect(ledgerNodesProblem(NODES)).toBeUndefined();
    expect(() => ledgerSpec([])).toThrow(RangeError);
  });

  it('is not changed by a later change to the nodes it was built from', () => {
    const nodes = [{ id: 'n1', capacity: { cpuMillis: 1000, memoryMiB: 1000 } }];
    const spec = ledgerSpec(nodes);
    nodes[0]!.capacity.cpuMillis = 5000;
    expect(spec.step(spec.init(), submit('j1', 2000, 1), placed('n1'))).toEqual([]);
  });

  it('describes operations the way reports show them', () => {
    expect(describeLedgerOperation(submit('j1', 500, 256, 'a'), placed('n1'))).toBe('submit(j1, 500m/256Mi, tenant=a) -> n1');
    expect(describeLedgerOperation({ kind: 'complete', job: 'j1' }, { kind: 'unknown' })).toBe('complete(j1) -> ?');
    expect(describeLedgerOperation({ kind: 'query' }, allocations({ n2: resources(1, 2), n1: NO_RESOURCES }))).toBe('query() -> n1=0m/0Mi n2=1m/2Mi');
  });
});

/** A few nodes with small capacities, so that demands both fit and collide. */
const nodesArbitrary: fc.Arbitrary<LedgerNode[]> = fc
  .array(fc.record({ cpu: fc.nat(4), memory: fc.nat(4) }), { minLength: 1, maxLength: 3 })
  .map((capacities) => capacities.map(({ cpu, memory }, index) => ({ id: `n${index + 1}`, capacity: resources(cpu * 500, memory * 1024) })));

const submitArbitrary = fc
  .record({ job: fc.constantFrom('j1', 'j2', 'j3', 'j4'), cpu: fc.nat(3), memory: fc.nat(3), tenant: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) })
  .map(({ job, cpu, memory, tenant }) => ({ kind: 'submit', job, demand: resources(cpu * 500, memory * 1024), ...(tenant === undefined ? {} : { tenant }) }) as const);

const inputArbitrary: fc.Arbitrary<LedgerInput> = fc.oneof(
  submitArbitrary,
  fc.constantFrom('j1', 'j2', 'j3', 'j4', 'j5').map((job): LedgerInput => ({ kind: 'complete', job })),
  fc.constant<LedgerInput>({ kind: 'query' }),
  fc.tuple(fc.constantFrom('j1', 'j2', 'j3', 'j4', 'j5'), fc.constantFrom('n1', 'n2', 'n3')).map(([job, node]): LedgerInput => ({ kind: 'move', job, node })),
);

/** The allocation of every node worked out from the placements alone, independently of `allocated`. */
function allocationOf(nodes: readonly LedgerNode[], state: LedgerState): Record<string, Resources> {
  return Object.fromEntries(nodes.map((node) => [node.id, state.placements.filter((p) => p.node === node.id).reduce((sum, p) => addResources(sum, p.demand), NO_RESOURCES)]));
}

/** Every output a service might return for `input`, right or wrong, including a query answer that is off by one unit. */
function candidateOutputs(nodes: readonly LedgerNode[], state: LedgerState, input: LedgerInput): LedgerOutput[] {
  switch (input.kind) {
    case 'submit': return [...nodes.map((node) => placed(node.id)), { kind: 'rejected' }, { kind: 'unknown' }];
    case 'complete': return [{ kind: 'completed' }, { kind: 'unknown-job' }, { kind: 'unknown' }];
    case 'move': return [{ kind: 'moved' }, { kind: 'refused' }, { kind: 'unknown' }];
    case 'query': {
      const right = allocationOf(nodes, state);
      const first = nodes[0]!.id;
      return [allocations(right), allocations({ ...right, [first]: addResources(right[first] ?? NO_RESOURCES, resources(1, 0)) }), { kind: 'unknown' }];
    }
  }
}

/**
 * A random walk through the spec: each step tries the candidate outputs from
 * a random one on and takes the first legal one, then a random successor.
 * It returns every state visited, with the nodes it ran on.
 */
const walkArbitrary = (build: (nodes: readonly LedgerNode[]) => JobLedgerSpec) =>
  fc.tuple(nodesArbitrary, fc.array(fc.tuple(inputArbitrary, fc.nat(), fc.nat()), { maxLength: 25 })).map(([nodes, steps]) => {
    const spec = build(nodes);
    const states = [spec.init()];
    for (const [input, outputPick, successorPick] of steps) {
      const state = states[states.length - 1]!;
      const outputs = candidateOutputs(nodes, state, input);
      for (let tried = 0; tried < outputs.length; tried++) {
        const successors = spec.step(state, input, outputs[(outputPick + tried) % outputs.length]!);
        if (successors.length === 0) continue;
        states.push(successors[successorPick % successors.length]!);
        break;
      }
    }
    return { nodes, spec, states };
  });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

describe.each([
  ['ledgerSpec', ledgerSpec],
  ['mayRefuseLedgerSpec', mayRefuseLedgerSpec],
] as const)('%s laws', (_, build) => {
  test.prop([walkArbitrary(build)], { numRuns: 200 })('never grants past a node\'s capacity, in any state it can reach', ({ nodes, states }) => {
    for (const state of states) {
      const allocated = allocationOf(nodes, state);
      nodes.forEach((node, index) => {
        expect(fitsWithin(allocated[node.id]!, node.capacity)).toBe(true);
        expect(state.allocated[index]).toEqual(allocated[node.id]);
      });
    }
  });

  test.prop([walkArbitrary(build), inputArbitrary], { numRuns: 200 })('accepts an unknown outcome from every state it can reach, without mutating it', ({ spec, states }, input) => {
    for (const state of states) {
      const before = JSON.stringify(state);
      expect(spec.step(deepFreeze(state), input, { kind: 'unknown' }).length).toBeGreaterThan(0);
      expect(JSON.stringify(state)).toBe(before);
    }
  });

  test.prop([walkArbitrary(build), submitArbitrary], { numRuns: 200 })('allows a placement exactly when the job is new and its demand fits the named node', ({ nodes, spec, states }, input) => {
    for (const state of states) {
      const allocated = allocationOf(nodes, state);
      const isPlaced = state.placements.some((p) => p.job === input.job);
      for (const node of nodes) {
        const fits = fitsWithin(input.demand, subtractResources(node.capacity, allocated[node.id]!));
        expect(spec.step(state, input, placed(node.id)).length > 0).toBe(!isPlaced && fits);
      }
    }
  });
});

describe('the two ledgers side by side', () => {
  test.prop([walkArbitrary(ledgerSpec), inputArbitrary], { numRuns: 200 })(
    'the strict ledger rejects exactly a duplicate or a demand that fits nowhere, and the may-refuse ledger allows whatever it allows',
    ({ nodes, spec, states }, input) => {
      const lenient = mayRefuseLedgerSpec(nodes);
      for (const state of states) {
        if (input.kind === 'submit') {
          const allocated = allocationOf(nodes, state);
          const fitsSomewhere = nodes.some((node) => fitsWithin(input.demand, subtractResources(node.capacity, allocated[node.id]!)));
          const duplicate = state.placements.some((p) => p.job === input.job);
          expect(spec.step(state, input, { kind: 'rejected' }).length > 0).toBe(duplicate || !fitsSomewhere);
          expect(lenient.step(state, input, { kind: 'rejected' })).toEqual([state]);
        }
        for (const output of candidateOutputs(nodes, state, input)) {
          const strictNext = spec.step(state, input, output);
          const lenientNext = lenient.step(state, input, output);
          for (const next of strictNext) expect(lenientNext.some((candidate) => lenient.equal?.(candidate, next))).toBe(true);
        }
      }
    },
  );

  it('carry the names the CLI knows them by', () => {
    expect(jobLedgerSpec(NODES, { name: 'x', rejection: 'always-allowed' }).name).toBe('x');
    expect(ledgerSpec(NODES).name).toBe('ledger');
    expect(mayRefuseLedgerSpec(NODES).name).toBe('ledger-may-refuse');
  });
});
