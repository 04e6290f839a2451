import type { LeaderlessProtocol } from '../../impl/leaderless/leaderless-state.js';

/** The leaderless cluster's protocol as its observers see it. */
export type LeaderlessView = LeaderlessProtocol;
