import type { ElectionProtocol } from '../../impl/single-leader/election-node.js';

/** The single-leader cluster's protocol as its observers see it. */
export type SingleLeaderView = ElectionProtocol;
