// The sheets as one PDF, a page per sheet (A3/A4 landscape), drawn as vectors from the same SVG by pdfkit and
// svg-to-pdfkit (pure JavaScript; text in the standard Helvetica, so no font files are embedded). Node only:
// the package index does not export this module (the browser bundle has no use for pdfkit).
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Sheet } from './sheet.ts';

const PT_PER_MM = 72 / 25.4;

export interface PdfOptions {
  title: string;
  /** Creation date written in the document's info (the result's generated_at keeps the file reproducible). */
  date?: Date;
}

/** Lets the event loop run (an AppServer's previews and probes) between two pieces of synchronous drawing. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function sheetsToPdf(sheets: Sheet[], options: PdfOptions): Promise<Uint8Array> {
  const date = options.date ?? new Date(0);
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    info: {
      Title: options.title,
      Creator: 'kuduso sitefit',
      Producer: 'pdfkit',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  for (const sheet of sheets) {
    // A page takes a few milliseconds of synchronous drawing; a result's ten pages at once would hold the
    // AppServer's main thread (and every preview waiting on it) for all of them.
    await yieldToEventLoop();
    const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(sheet.svg);
    const [w, h] = vb ? [Number(vb[1]), Number(vb[2])] : [420, 297];
    doc.addPage({ size: [w * PT_PER_MM, h * PT_PER_MM], margin: 0 });
    SVGtoPDF(doc, sheet.svg, 0, 0, { width: w * PT_PER_MM, height: h * PT_PER_MM, assumePt: false });
  }
  doc.end();
  return await done;
}
