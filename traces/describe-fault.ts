import { PREVIOUS_LINK_NODE, TRIGGERING_NODE, type AimedFault, type AimedFaults, type Fault, type FaultTrigger, type NetworkConditions, type Partition } from '../impl/world/fault.js';

/** How a node reads in reports and pages: `n0`, `n1`, ... as in the client history. */
export function nodeLabel(node: number): string {
  return `n${node}`;
}

const nodes = (list: readonly number[]) => list.map(nodeLabel).join(',');
const ticks = (count: number) => `${count} tick${count === 1 ? '' : 's'}`;

/** One fault in words: "crash n1", "isolate n2", "loss 20%, delay 1-40 ticks". */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'crash':
    case 'restart':
    case 'join':
    case 'leave':
      return `${fault.kind} ${nodeLabel(fault.node)}`;
    case 'pause':
      return `pause ${nodeLabel(fault.node)} for ${ticks(fault.durationTicks)}`;
    case 'partition':
      return describePartition(fault.partition);
    case 'heal-partition':
      return 'heal the partition';
    case 'network':
      return `network: ${describeConditions(fault.conditions)}`;
    case 'clock-drift':
      return `clock of ${nodeLabel(fault.node)} at ${fault.ratePpm >= 0 ? '+' : ''}${fault.ratePpm} ppm`;
  }
}

export function describePartition(partition: Partition): string {
  switch (partition.kind) {
    case 'split':
      return `split ${nodes(partition.side)} from the rest`;
    case 'one-way':
      return `cut ${nodes(partition.from)} -> ${nodes(partition.to)} one way`;
    case 'isolate':
      return `isolate ${nodeLabel(partition.node)}`;
    case 'majority-minority':
      return `cut the minority ${nodes(partition.minority)} off`;
    case 'bridge':
      return `split ${nodes(partition.left)} from ${nodes(partition.right)}, ${nodeLabel(partition.bridge)} reaching both`;
  }
}

export function describeConditions(conditions: NetworkConditions): string {
  const parts = [
    `loss ${conditions.lossPermille / 10}%`,
    `duplication ${conditions.duplicatePermille / 10}%`,
    conditions.reorder ? 'reordering' : 'FIFO',
    `delay ${conditions.delayMinTicks}-${ticks(conditions.delayMaxTicks)}`,
  ];
  return parts.join(', ');
}

/** "any node sends append-entries", "n1 writes its log". */
export function describeTrigger(trigger: FaultTrigger): string {
  const who = trigger.node === undefined ? 'any node' : nodeLabel(trigger.node);
  switch (trigger.on) {
    case 'send':
      return `${who} sends ${trigger.msgKind ?? 'a message'}`;
    case 'persist':
      return `${who} writes its durable record`;
    case 'append':
      return `${who} writes its log`;
    case 'reply':
      return trigger.msgKind === 'redirect' ? `${who} redirects a client` : trigger.msgKind === 'result' ? `${who} answers a client's request` : `${who} answers a client`;
  }
}

/** An aimed fault's harm, with "it" for the node that set it off and "the previous link's node" for the one that set off the link before. */
export function describeAimedFault(fault: AimedFault): string {
  const who = (node: number) => (node === TRIGGERING_NODE ? 'it' : node === PREVIOUS_LINK_NODE ? "the previous link's node" : nodeLabel(node));
  switch (fault.kind) {
    case 'crash':
    case 'restart':
      return `${fault.kind} ${who(fault.node)}`;
    case 'pause':
      return `pause ${who(fault.node)} for ${ticks(fault.durationTicks)}`;
    case 'partition':
      return `isolate ${who(fault.partition.node)}`;
    case 'heal-partition':
      return 'heal the partition';
  }
}

/** "armed at tick 120, when any node sends append-entries: crash it at once, restart it 30 ticks later". */
export function describeAimed(aimed: AimedFaults): string {
  const armed = aimed.afterPrevious === true ? `armed ${ticks(aimed.armAtTick)} after the previous aimed fault went off` : `armed at tick ${aimed.armAtTick}`;
  const harms = aimed.faults.map(({ delayTicks, fault }) => `${describeAimedFault(fault)} ${delayTicks === 0 ? 'at once' : `${ticks(delayTicks)} later`}`);
  return `${armed}, when ${describeTrigger(aimed.trigger)}: ${harms.join(', ')}`;
}
