// A solver thread: runs one builtin solve at a time for the main thread's SolverPool. Geometry is CPU-bound;
// running it here keeps the HTTP server answering (health, 429s) and lets a timeout stop it for real by
// terminating the thread, even in the middle of a loop that never looks at its signal.
import { parentPort, workerData } from 'node:worker_threads';
import { type BuiltinSolver, runSolver, sitefitSolver } from './builtin-solvers.ts';
import { describeSolverError } from './solver-errors.ts';
import type { SolveReply, SolveRequest } from './solver-pool.ts';

const port = parentPort!;

// Solvers come from @kuduso/sitefit, or from another module exporting solverFor(entry) (tests use one that
// spins forever, to prove a timeout really stops the work).
type SolverFor = (entry: string) => BuiltinSolver | undefined;
const moduleUrl = (workerData as { solversModule?: string } | undefined)?.solversModule;
const solverFor: SolverFor = moduleUrl
  ? ((await import(moduleUrl)) as { solverFor: SolverFor }).solverFor
  : sitefitSolver;

port.on('message', async (req: SolveRequest) => {
  let reply: SolveReply;
  try {
    const solver = solverFor(req.entry);
    if (!solver) throw new Error(`builtin entry ${req.entry} is not available in this build`);
    // The thread is terminated on timeout; this signal exists because solvers expect one.
    const { outputs, files } = await runSolver(solver, req.definitionVersion, req.inputs, {
      maxResults: req.maxResults,
      signal: new AbortController().signal,
      now: new Date(req.now),
    });
    reply = { id: req.id, ok: true, outputs, files };
  } catch (e) {
    reply = { id: req.id, ok: false, failure: describeSolverError(e) };
  }
  try {
    port.postMessage(reply);
  } catch (e) {
    // Outputs that cannot be cloned (functions, symbols) are the solver's fault, reported as such.
    port.postMessage({ id: req.id, ok: false, failure: describeSolverError(e) } satisfies SolveReply);
  }
});
