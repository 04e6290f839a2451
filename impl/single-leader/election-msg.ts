/**
 * The messages of the single-leader cluster's election layer (Raft's
 * RequestVote and AppendEntries, the latter carrying no entries yet: it is
 * the heartbeat, and its `round` lets the leader time its lease).
 */
export type ElectionMsg =
  | { readonly kind: 'request-vote'; readonly term: number; readonly candidate: number }
  | { readonly kind: 'request-vote-reply'; readonly term: number; readonly granted: boolean }
  | { readonly kind: 'append-entries'; readonly term: number; readonly leader: number; readonly round: number }
  | { readonly kind: 'append-entries-reply'; readonly term: number; readonly round: number; readonly success: boolean };

/** What a node keeps on disk: Raft's currentTerm and votedFor. */
export interface ElectionPersisted {
  readonly currentTerm: number;
  readonly votedFor: number | null;
}
