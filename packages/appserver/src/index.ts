// @kuduso/appserver: the internal compute service. POST /gh/{definition}:{version}/solve runs one definition
// under its contract and manifest, on the engine its bindings name, within a bounded number of seats.

export { type AppServerDeps, buildAppServer } from './app.ts';
export type { StoredArtifactRef } from './artifacts.ts';
export { type Binding, bindContracts, EngineBindingError, engineNameFor } from './bindings.ts';
export * from './definitions/index.ts';
export * from './engines/grasshopper/index.ts';
export * from './engines/index.ts';
export { describeSolverError, solverFailureToError, toEngineError } from './engines/solver-errors.ts';
export {
  type ContractRun,
  type ContractRunResult,
  capResults,
  runContract,
  validateContractInputs,
} from './pipeline.ts';
export { LruCache } from './preview-cache.ts';
export type { PreviewOptions } from './routes/preview.ts';
export { type Lane, type ReleaseSeat, Seats, type SeatsSnapshot } from './seats.ts';
export { type SolveDeps, type SolveRequest, type SolveResponse, solve } from './solve.ts';
export { engineOverridesFor, type RunningAppServer, startAppServer } from './start.ts';
