// The sheets as artifacts: one SVG per sheet (overview first) and, from pdf.ts, all of them as one PDF.
import type { Artifact, Scene } from '../types.ts';
import { type SheetOptions, sceneToSheets } from './sheet.ts';

export { type PaperName, ROUND_SCALES, sheetLayout } from './paper.ts';
export { type Sheet, type SheetOptions, sceneToSheets } from './sheet.ts';

export function sheetSvgArtifacts(scene: Scene, options: SheetOptions = {}) {
  const sheets = sceneToSheets(scene, options);
  const artifacts: Artifact[] = sheets.map((s) => ({
    kind: 'svg',
    label:
      s.name === 'overview'
        ? 'Sheet: overview (SVG)'
        : `Sheet: placement ${s.name.slice('placement-'.length)} (SVG)`,
    filename: `sitefit-sheet-${s.name}.svg`,
    contentType: 'image/svg+xml',
    body: new TextEncoder().encode(s.svg),
  }));
  return { sheets, artifacts };
}
