import { isServingLeader, type ElectionState } from '../impl/single-leader/election-node.js';
import type { StepInfo, World } from '../impl/world/world.js';
import type { PropertyId } from '../model/property-id.js';
import type { Violation } from './violation.js';

/** "Sometimes" counts: a run where none of these happen proves little. */
export interface ElectionCoverage {
  readonly leaderElected: boolean;
  /** Distinct terms in which some node became leader. */
  readonly termsWithLeader: number;
  readonly partitionHealed: boolean;
}

/** What the observer reads of the world: it never changes it. */
export type ObservedWorld = Pick<World<ElectionState, unknown, unknown>, 'config' | 'state' | 'isPaused' | 'localNow' | 'partitionActive'>;

/**
 * Watches a single-leader run step by step and checks `election-safety`,
 * `single-leader` and `liveness`. It only reads the world: it is fed each
 * step and inspects the node the step touched.
 */
export class ElectionObserver {
  readonly violations: Violation[] = [];
  private readonly leaderByTerm = new Map<number, number>();
  private readonly failed = new Set<PropertyId>();
  private leaderElected = false;
  private partitionWasActive = false;
  private partitionHealed = false;
  private healTick = -1;
  private leaderAfterHeal = false;

  constructor(private readonly world: ObservedWorld) {}

  observe(info: StepInfo): void {
    const world = this.world;
    const active = world.partitionActive();
    if (this.partitionWasActive && !active) this.partitionHealed = true;
    this.partitionWasActive = active;
    if (info.kind === 'heal') this.healTick = info.tick;
    const node = info.node;
    if (node < 0) return;
    const state = world.state(node);
    if (state === undefined || state.role !== 'leader') return;
    this.leaderElected = true;
    const holder = this.leaderByTerm.get(state.currentTerm);
    if (holder === undefined) {
      this.leaderByTerm.set(state.currentTerm, node);
    } else if (holder !== node) {
      this.fail('election-safety', info, `nodes ${holder} and ${node} were both leader in term ${state.currentTerm}`);
    }
    if (world.isPaused(node) || !isServingLeader(state, world.localNow(node))) return;
    if (this.healTick >= 0) this.leaderAfterHeal = true;
    for (let other = 0; other < world.config.nodeCount; other++) {
      if (other === node || world.isPaused(other)) continue;
      const otherState = world.state(other);
      if (otherState !== undefined && isServingLeader(otherState, world.localNow(other))) {
        this.fail(
          'single-leader',
          info,
          `nodes ${other} (term ${otherState.currentTerm}) and ${node} (term ${state.currentTerm}) both served as leader under a valid lease at tick ${info.tick}`,
        );
      }
    }
  }

  /** Called once the liveness window after healing has passed. */
  finish(step: number, tick: number): void {
    if (this.healTick >= 0 && !this.leaderAfterHeal) {
      this.fail('liveness', { step, tick, node: -1, kind: 'heal' }, `no leader served within ${tick - this.healTick} ticks after all faults healed at tick ${this.healTick}`);
    }
  }

  coverage(): ElectionCoverage {
    return { leaderElected: this.leaderElected, termsWithLeader: this.leaderByTerm.size, partitionHealed: this.partitionHealed };
  }

  private fail(property: PropertyId, info: StepInfo, message: string): void {
    if (this.failed.has(property)) return;
    this.failed.add(property);
    this.violations.push({ property, step: info.step, tick: info.tick, message });
  }
}
