import { jobLedgerSpec, type JobLedgerSpec, type LedgerNode } from './ledger-spec.js';

/**
 * The leaderless cluster's ledger: "may refuse, never over-grants". A node
 * grants only from its own escrow share, so a submit may be rejected while
 * capacity is free on some node; a placement must still fit in the free
 * capacity of the node it names. A submit with unknown outcome may have
 * placed the job on any node where it fits, or been refused. Everything else
 * is as in the strict `ledgerSpec`. Check it through `toDeterministicSpec`.
 */
export function mayRefuseLedgerSpec(nodes: readonly LedgerNode[]): JobLedgerSpec {
  return jobLedgerSpec(nodes, { name: 'ledger-may-refuse', rejection: 'always-allowed' });
}
