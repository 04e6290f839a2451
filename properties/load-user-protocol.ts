import type { Protocol } from '../impl/world/node-logic.js';
import { FaultlineError } from '../model/faultline-error.js';
import { isProtocolDefinition, type ProtocolDefinition } from './define-protocol.js';
import { importDefaultExport, resolveUserModule } from './user-module.js';

/**
 * Loads `--protocol PATH`: a user's module whose default export is made with
 * `defineProtocol`. It runs in this process, as the user's own tests run it.
 * A missing file, a module that fails to load or exports no protocol is bad
 * input, said in one line.
 */
export async function loadUserProtocol(argument: string, cwd: string = process.cwd()): Promise<ProtocolDefinition<Protocol>> {
  const { path, url } = resolveUserModule(argument, 'protocol', cwd);
  const loaded = await importDefaultExport(url);
  if (loaded.kind === 'failed') throw new FaultlineError('parse', `the protocol module failed to load: ${loaded.message}`, { path });
  if (!isProtocolDefinition(loaded.value)) throw new FaultlineError('unknown-protocol', 'the module has no default export made with defineProtocol', { path });
  return loaded.value;
}
