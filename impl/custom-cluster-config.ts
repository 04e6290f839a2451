/**
 * The settings of a user's own protocol (made with `defineProtocol`), as a
 * run and its trace record them. faultline cannot know what the protocol's
 * settings mean, only that replaying the trace needs exactly these: they are
 * plain JSON, and the node logic of the run is built from this copy.
 */
export interface CustomClusterConfig {
  readonly kind: 'custom';
  /** The protocol's name: a trace replays only with a protocol of this name. */
  readonly name: string;
  /** The protocol's planted bugs that the run switches on. */
  readonly mutants: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
}
