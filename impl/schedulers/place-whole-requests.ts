import { addResources, subtractResources, type Resources } from '../../model/resources.js';
import type { NodeView, PendingRequest, PlaceInput, PlacementDecision } from './define-scheduler.js';

/** A live node with what is still free on it during this call. */
export interface NodeCandidate {
  readonly node: NodeView;
  /** Capacity minus allocated minus what this call has already granted on it. */
  readonly free: Resources;
  /** Allocated plus what this call has already granted on it. */
  readonly allocated: Resources;
}

/**
 * Picks the node for one whole request, or `undefined` to reject it. The
 * chooser alone decides whether the request fits, so a variant's capacity
 * check lives in the variant and nowhere else.
 */
export type NodeChooser = (request: PendingRequest, candidates: readonly NodeCandidate[]) => NodeCandidate | undefined;

/**
 * A chooser that takes, among the candidates where `fits` says the request
 * fits, the one with the lowest `score`; ties go to the earlier candidate
 * (the node that joined first). Each candidate is scored once.
 */
export function lowestScoreChooser(
  fits: (demand: Resources, free: Resources) => boolean,
  score: (candidate: NodeCandidate, demand: Resources) => number,
): NodeChooser {
  return (request, candidates) => {
    let best: NodeCandidate | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
      if (!fits(request.demand, candidate.free)) continue;
      const value = score(candidate, request.demand);
      if (best === undefined || value < bestScore) {
        best = candidate;
        bestScore = value;
      }
    }
    return best;
  };
}

/**
 * The shared loop of the whole-request schedulers (first-fit, best-fit,
 * least-loaded): take requests oldest first, grant each its whole
 * demand on the chosen live node or reject it, and keep the free capacity of
 * every node current within the call. The input is never mutated.
 */
export function placeWholeRequests(
  input: PlaceInput,
  choose: NodeChooser,
): readonly PlacementDecision[] {
  let candidates = liveCandidates(input);
  const decisions: PlacementDecision[] = [];
  for (const request of input.pending) {
    input.budget.step(1 + candidates.length);
    const chosen = choose(request, candidates);
    if (chosen === undefined) {
      decisions.push({ kind: 'reject', requestId: request.id, reason: 'no live node has room' });
      continue;
    }
    decisions.push({ kind: 'place', requestId: request.id, nodeId: chosen.node.id, grant: request.demand });
    candidates = candidates.map((c) =>
      c.node.id === chosen.node.id
        ? { node: c.node, allocated: addResources(c.allocated, request.demand), free: subtractResources(c.free, request.demand) }
        : c,
    );
  }
  return decisions;
}

/** The free capacity of every live node, for variants that do their own loop. */
export function liveCandidates(input: PlaceInput): readonly NodeCandidate[] {
  return input.cluster.nodes
    .filter((node) => node.alive)
    .map((node) => ({ node, allocated: node.allocated, free: subtractResources(node.capacity, node.allocated) }));
}
