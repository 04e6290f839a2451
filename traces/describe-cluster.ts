/** The cluster a trace's configuration runs, for people: its kind, or `protocol NAME` for a user's protocol. */
export function describeCluster(cluster: { readonly kind: string; readonly name?: string }): string {
  return cluster.kind === 'custom' ? `protocol ${cluster.name ?? '?'}` : cluster.kind;
}
