// sitefit@2.0.0: site constraints, orientation against true south and a weighted objective.

export { evaluateV2, type PreparedV2, prepareV2, type V2PlacementEvaluation } from './evaluate.ts';
export { GARDEN_MIN_WIDTH_M } from './garden.ts';
export { type SolveV2Options, solveSitefitV2 } from './solve.ts';
export type { SitefitV2Inputs, SitefitV2Outputs, V2Result as SitefitV2Result } from './types.ts';
