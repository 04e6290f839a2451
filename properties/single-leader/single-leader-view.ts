import type { SingleLeaderProtocol } from '../../impl/single-leader/single-leader-state.js';

/** The single-leader cluster's protocol as its observers see it. */
export type SingleLeaderView = SingleLeaderProtocol;
