// A solver thread: runs one builtin solve at a time for the main thread's SolverPool. Geometry is CPU-bound;
// running it here keeps the HTTP server answering (health, 429s) and lets a timeout stop it for real by
// terminating the thread, even in the middle of a loop that never looks at its signal.
import { parentPort } from 'node:worker_threads';
import { pickDefinition } from '../definitions/load.ts';
import type { DefinitionModule } from '../definitions/types.ts';
import { describeSolverError } from './solver-errors.ts';
import type { SolveReply, SolveRequest } from './solver-pool.ts';

const port = parentPort!;
const modules = new Map<string, Promise<Record<string, unknown>>>();

// The definition module named by the contract; a test module may export solverFor(entry) instead.
async function definitionFor(req: SolveRequest): Promise<DefinitionModule | undefined> {
  let ns = modules.get(req.moduleUrl);
  if (!ns) {
    ns = import(req.moduleUrl) as Promise<Record<string, unknown>>;
    modules.set(req.moduleUrl, ns);
  }
  const loaded = await ns;
  if (typeof loaded.solverFor === 'function') {
    const s = (
      loaded.solverFor as (e: string) => DefinitionModule['solve'] | { solve: DefinitionModule['solve'] }
    )(req.entry);
    if (!s) return undefined;
    return { entry: req.entry, solve: typeof s === 'function' ? s : s.solve };
  }
  return pickDefinition(loaded, req.entry);
}

port.on('message', async (req: SolveRequest) => {
  let reply: SolveReply;
  let definition: DefinitionModule | undefined;
  try {
    definition = await definitionFor(req);
    if (!definition?.solve) throw new Error(`definition ${req.entry} has no solve in ${req.moduleUrl}`);
    // The thread is terminated on timeout; this signal exists because solvers expect one.
    const outputs = await definition.solve(req.inputs, {
      maxResults: req.maxResults,
      signal: new AbortController().signal,
      now: new Date(req.now),
    });
    reply = { id: req.id, ok: true, outputs };
  } catch (e) {
    reply = { id: req.id, ok: false, failure: describeSolverError(e, definition?.isDomainError) };
  }
  try {
    port.postMessage(reply);
  } catch (e) {
    // Outputs that cannot be cloned (functions, symbols) are the solver's fault, reported as such.
    port.postMessage({ id: req.id, ok: false, failure: describeSolverError(e) } satisfies SolveReply);
  }
});
