// The sheets as artifacts: one SVG per sheet (overview first) and, from pdf.ts, all of them as one PDF.
import type { Artifact, Scene } from '../types.ts';
import { type Sheet, type SheetOptions, sceneToSheets } from './sheet.ts';

export { type PaperName, ROUND_SCALES, sheetLayout } from './paper.ts';
export { eachSheet, type Sheet, type SheetOptions, sceneToSheets } from './sheet.ts';

export function sheetSvgArtifacts(scene: Scene, options: SheetOptions = {}) {
  const sheets = sceneToSheets(scene, options);
  return { sheets, artifacts: sheets.map(sheetSvgArtifact) };
}

/** One sheet as an SVG artifact. */
export function sheetSvgArtifact(s: Sheet): Artifact {
  return {
    kind: 'svg',
    label:
      s.name === 'overview'
        ? 'Sheet: overview (SVG)'
        : `Sheet: placement ${s.name.slice('placement-'.length)} (SVG)`,
    filename: `sitefit-sheet-${s.name}.svg`,
    contentType: 'image/svg+xml',
    body: new TextEncoder().encode(s.svg),
  };
}
