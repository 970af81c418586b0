export { ComputeClient, type ComputeClientOptions } from './client.ts';
export * from './datatree.ts';
export { compareIo, comparePlugins, type Inventory, type IoParam, type IoResponse } from './discovery.ts';
export {
  createGrasshopperEngine,
  type GrasshopperEngine,
  type GrasshopperEngineOptions,
  type GrasshopperReadiness,
} from './engine.ts';
export { inputsToTrees, treesToOutputs } from './mapping.ts';
export { type PathStep, parsePath, readPath, writePath } from './paths.ts';
export { type GrasshopperSpec, parseSpec, SpecError } from './spec.ts';
