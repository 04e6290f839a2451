import fc from 'fast-check';

/**
 * A fast-check plugin that ends a search, as its time limit does, once
 * `stop` says so (Ctrl-C): no new run starts, and the search reports what it
 * has, interrupted.
 */
export function interruptWhen(stop: () => boolean): fc.UniversalPlugin {
  return () => ({ decorateRun: (nested) => (value) => (stop() ? new fc.PreconditionFailure(true) : nested(value)) });
}
