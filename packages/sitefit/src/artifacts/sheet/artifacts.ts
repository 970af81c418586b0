// The sheet artifacts of a result: an SVG per sheet (overview, then each placement) and the PDF of them all.
// Node only (pdfkit): definitions.ts imports it; the package index, which the browser bundles, does not.
import { buildScene } from '../scene.ts';
import type { Artifact, Scene } from '../types.ts';
import { eachSheet, type Sheet, sheetSvgArtifact } from './index.ts';
import type { PaperName } from './paper.ts';
import { sheetsToPdf, yieldToEventLoop } from './pdf.ts';

export function buildSheetArtifacts(
  definitionVersion: string,
  inputs: unknown,
  outputs: unknown,
  paper: PaperName = 'A3',
): Promise<Artifact[]> {
  return sheetArtifacts(buildScene(definitionVersion, inputs, outputs), outputs, paper);
}

/** The sheet artifacts from a scene already built; `outputs` gives the date (metadata.generated_at). */
export async function sheetArtifacts(
  scene: Scene,
  outputs: unknown,
  paper: PaperName = 'A3',
): Promise<Artifact[]> {
  const generated = (outputs as { metadata?: { generated_at?: unknown } }).metadata?.generated_at;
  const when =
    typeof generated === 'string' && !Number.isNaN(Date.parse(generated)) ? new Date(generated) : undefined;
  const sheets: Sheet[] = [];
  const artifacts: Artifact[] = [];
  for (const sheet of eachSheet(scene, { paper, date: when?.toISOString().slice(0, 10) })) {
    sheets.push(sheet);
    artifacts.push(sheetSvgArtifact(sheet));
    await yieldToEventLoop();
  }
  const title = `${scene.definition}@${scene.version} sheets`;
  const pdf = await sheetsToPdf(sheets, { title, date: when });
  artifacts.push({
    kind: 'pdf',
    label: `Sheets (PDF, ${sheets.length} page${sheets.length === 1 ? '' : 's'})`,
    filename: 'sitefit-sheets.pdf',
    contentType: 'application/pdf',
    body: pdf,
  });
  return artifacts;
}
