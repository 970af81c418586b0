// CRS handling for sitefit: supported codes, reprojection, working frame, grid convergence.
export { crsAreaOfUse, type LonLatBox, withinAreaOfUse } from './area.ts';
export {
  azimuthDiffDeg,
  gridBearingDeg,
  gridConvergenceDeg,
  normalizeAzimuthDeg,
  trueAzimuthDeg,
} from './convergence.ts';
export {
  type CrsInfo,
  describeCrs,
  EPSG_4326,
  EPSG_5514,
  isSupportedCrs,
  SUPPORTED_CRS_HINT,
  utmDefinition,
} from './definitions.ts';
export { UnsupportedCrsError } from './errors.ts';
export { type WorkingFrame, workingFrame } from './frame.ts';
export { converter, reprojectPoint, reprojectRing, requireCrs, utmZoneCode } from './reproject.ts';
