import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { defaultLeaderlessConfig } from './default-config.js';
import { leaderlessEnv } from './leaderless-env.js';
import type { MemberUpdate } from './leaderless-msg.js';
import { supersedes } from './membership.js';

const correct = leaderlessEnv(defaultLeaderlessConfig(3, []));
const mutant = leaderlessEnv(defaultLeaderlessConfig(3, ['gossip-ignores-incarnation']));
const update: fc.Arbitrary<MemberUpdate> = fc.record({ node: fc.constant(1), status: fc.constantFrom('alive' as const, 'suspect' as const, 'dead' as const), incarnation: fc.nat({ max: 5 }) });

describe('SWIM precedence', () => {
  test.prop([update, update])('a higher incarnation always wins, a lower one never does, and at equal ones dead beats suspect beats alive', (a, b) => {
    const wins = supersedes(a, b, correct);
    if (a.incarnation !== b.incarnation) expect(wins).toBe(a.incarnation > b.incarnation);
    else expect(wins).toBe(['alive', 'suspect', 'dead'].indexOf(a.status) > ['alive', 'suspect', 'dead'].indexOf(b.status));
  });

  test.prop([update])('no update supersedes itself, so gossip that comes back changes nothing', (a) => {
    expect(supersedes(a, a, correct)).toBe(false);
  });

  test('the gossip-ignores-incarnation mutant lets an old suspicion override a newer refutation', () => {
    const refuted: MemberUpdate = { node: 1, status: 'alive', incarnation: 2 };
    const stale: MemberUpdate = { node: 1, status: 'suspect', incarnation: 1 };
    expect(supersedes(stale, refuted, correct)).toBe(false);
    expect(supersedes(stale, refuted, mutant)).toBe(true);
  });
});
