import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Protocol } from '../impl/world/node-logic.js';
import { FaultlineError } from '../model/faultline-error.js';
import { isProtocolDefinition, type ProtocolDefinition } from './define-protocol.js';
import { bundleError, ownEntryPoint, USER_MODULE_BUILD } from './scheduler/scheduler-bundle.js';
import { resolveUserModule } from './user-module.js';

/**
 * The protocol's imports of `faultline` are this faultline, the running
 * module itself rather than a copy in the bundle, so the protocol is defined
 * with the very functions that will run it.
 */
const faultlineItself: Plugin = {
  name: 'faultline-itself',
  setup(plugins) {
    plugins.onResolve({ filter: /^faultline(\/scheduler)?$/ }, (args) => ({ path: pathToFileURL(ownEntryPoint(args.path === 'faultline' ? 'index' : 'scheduler')).href, external: true }));
  },
};

/**
 * Loads `--protocol PATH`: a user's module (TypeScript or JavaScript) whose
 * default export is made with `defineProtocol`. esbuild bundles it with what
 * it imports, in this process, and the bundle is imported from memory: no
 * TypeScript loader, nothing written. Unlike a scheduler, it runs in this
 * process, as the user's own tests run it. A missing file, a module that
 * does not compile (file, line and column), fails to load or exports no
 * protocol is bad input, said in one line.
 */
export async function loadUserProtocol(argument: string, cwd: string = process.cwd()): Promise<ProtocolDefinition<Protocol>> {
  const { path } = resolveUserModule(argument, 'protocol', cwd);
  let code: string;
  try {
    const result = await build({ ...USER_MODULE_BUILD, entryPoints: [path], plugins: [faultlineItself] });
    code = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    throw bundleError(error, path, 'protocol');
  }
  let loaded: { default?: unknown };
  try {
    // A data: URL module may import Node's modules and absolute URLs, which is all the bundle imports.
    loaded = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { default?: unknown };
  } catch (error) {
    throw new FaultlineError('parse', `the protocol module failed to load: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`, { path });
  }
  if (!isProtocolDefinition(loaded.default)) throw new FaultlineError('unknown-protocol', 'the module has no default export made with defineProtocol', { path });
  return loaded.default;
}
