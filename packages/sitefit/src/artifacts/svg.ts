// SVG site plan: parcel, buildable area, exclusion zones, ranked placements, scale bar, north arrow, legend and
// title. Drawn in a fixed viewBox so text sizes are fractions of the view, readable whatever the parcel size;
// y is flipped (plan north up). For projected CRSs "up" is grid north and the arrow shows true north.
// The stages (what each draws) are in svg-plan-layers.ts and svg-plan-furniture.ts.
import { emptyNote, header, legend, northArrow, scaleBar } from './svg-plan-furniture.ts';
import {
  buildableLayer,
  exclusionLayer,
  parcelLayer,
  placementShapes,
  rankLabels,
  streetLayer,
} from './svg-plan-layers.ts';
import { planView } from './svg-plan-view.ts';
import type { Artifact, Scene } from './types.ts';

export { escapeXml, roundLength } from './svg-format.ts';

export function sceneToSvg(scene: Scene): string {
  const v = planView(scene);
  const out = [
    ...header(scene),
    ...parcelLayer(v),
    ...streetLayer(scene, v),
    ...buildableLayer(scene, v),
    ...exclusionLayer(v),
    ...placementShapes(v),
    ...rankLabels(v),
    ...scaleBar(v),
    ...northArrow(v),
    ...legend(scene, v),
    ...emptyNote(scene, v),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}

export function svgArtifact(scene: Scene): Artifact {
  return {
    kind: 'svg',
    label: 'Site plan (SVG)',
    filename: 'sitefit-plan.svg',
    contentType: 'image/svg+xml',
    body: new TextEncoder().encode(sceneToSvg(scene)),
  };
}
