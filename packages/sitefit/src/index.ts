// @kuduso/sitefit: pure sitefit geometry (no I/O). See ../README.md for the method and its guarantees.
export * from './artifacts/index.ts';
export { type CheckLimits, checkSitefitInputs } from './check.ts';
/** Submit-time sanity and the work cap (see ./limits.ts and ./coordinates.ts). */
export { checkCoordinates, checkEpsgCode, MAX_PROJECTED_COORDINATE } from './coordinates.ts';
export * from './crs/index.ts';
/** Input checks (throw SitefitDomainError with code, field and hint) and geometry primitives. */
export { SitefitDomainError } from './errors.ts';
/** One placement evaluated exactly (validity, min setback, KPIs): the live preview, in the browser and the server. */
export { evaluatePlacement, type PlacementEvaluation, type PlacementInput } from './evaluate.ts';
export { clearance, houseInside, locate } from './geom/contain.ts';
export { placeRing } from './geom/place.ts';
export {
  onSegment,
  orient,
  pointInRing,
  pointSegmentDistance,
  segmentSegmentDistance,
  segmentsCrossProperly,
  segmentsIntersect,
} from './geom/predicates.ts';
export {
  bounds,
  centroid,
  cleanRing,
  isCounterClockwise,
  orientRing,
  ringArea,
  rotateRing,
  signedArea,
  translateRing,
} from './geom/ring.ts';
export type { Point, PolygonWithHoles, Ring } from './geom/types.ts';
export { checkPolygon, checkRing, findSelfIntersection } from './geom/validate.ts';
export { checkWork, estimateWork, WORK_CAPS, type WorkEstimate } from './limits.ts';
/** Search building blocks: inner-fit polygon, largest-clearance branch and bound, ranked distinct placements. */
export { BranchAndBound, type Candidate, type SearchOptions } from './search/bnb.ts';
export { maxClearancePoint } from './search/clearance-point.ts';
export { contactSegments } from './search/contact.ts';
export { maxFittingScale } from './search/fit-scale.ts';
export { CLIPPER_SCALE, type IfpClipInput, ifpClipInput, innerFitPolygon } from './search/ifp.ts';
export {
  type Placement,
  type SearchPlacementsOptions,
  type SearchStats,
  searchPlacements,
  symmetryPeriod,
} from './search/placements.ts';
export { buildRotation, type RotationProblem } from './search/rotation.ts';
/** sitefit@1.0.0 at contract level. */
export {
  placeHouse,
  rotationList,
  type SitefitOutputs,
  type SitefitResult,
  type SitefitV1Inputs,
  type SitefitWarning,
  sitefitScore,
  solveSitefitV1,
} from './solve-v1.ts';
export * from './v2/index.ts';
