import type { ImportOptions, ImportPreview, PreviewRowProblem } from '../../../preload/contract/import-options';
import { plural } from '../../../preload/contract/plural';
import { previewRowLimit } from '../../../preload/contract/import-options';
import { readSource } from './read-source';
import { PreviewSink } from './sink';

const encodingNotes: Record<string, string> = {
  'nul-pattern': 'Encoding detected from the pattern of NUL bytes (UTF-16 without a byte-order mark).',
  fallback: 'The start of the file is not valid UTF-8: read as Windows-1252. Choose another encoding if letters look wrong.',
};

/**
 * Where each previewed problem is: CSV records by line (the header is line 1; blank lines,
 * which the reader skips, are not counted), other formats by record number.
 */
function problemsOf(sink: PreviewSink, format: ImportPreview['format'], header: boolean): PreviewRowProblem[] {
  const lineOf: number[] = [];
  let line = header ? 2 : 1;
  for (const n of sink.lineCounts) {
    lineOf.push(line);
    line += n;
  }
  return sink.problems.map((p) => {
    const where = format === 'csv' ? `Line ${lineOf[p.row]!}` : `Record ${p.row + 1}`;
    return { row: p.row, message: `${where}: ${p.message}. The import sends this row to quarantine.` };
  });
}

/**
 * The head of a file as the import would read it: cheap enough to run in the host on each
 * option change (text formats read only their first 64 KB; Parquet reads the first row
 * group; xlsx stops after the first rows of the sheet).
 */
export async function previewFile(path: string, fileName: string, options: ImportOptions): Promise<ImportPreview> {
  const sink = new PreviewSink(previewRowLimit);
  const { info } = await readSource(path, fileName, options, sink, () => undefined, true);
  const notes: string[] = [];
  const by = info.detected.encodingBy;
  if (by && encodingNotes[by]) notes.push(encodingNotes[by]);
  if (sink.rejected > 0) notes.push(`${plural(sink.rejected, 'record')} at the start of the file could not be read at all; the import quarantines them.`);
  if (info.format === 'json' && info.recordsPaths.length > 1) notes.push(`Records are read from "${info.recordsPath ?? ''}"; other arrays of records: ${info.recordsPaths.filter((p) => p !== info.recordsPath).join(', ')}.`);
  return {
    fileName,
    bytes: info.head.size,
    gzip: info.head.gzip,
    format: info.format,
    encoding: info.encoding,
    delimiter: info.dialect?.delimiter ?? null,
    quote: info.dialect?.quote ?? null,
    header: info.dialect ? info.dialect.header : info.format === 'xlsx' ? (options.header ?? true) : true,
    sheets: info.sheets,
    sheet: info.sheet,
    recordsPaths: info.recordsPaths,
    recordsPath: info.recordsPath,
    columns: sink.names,
    rows: sink.kept,
    notes,
    problems: problemsOf(sink, info.format, info.dialect?.header ?? true),
  };
}
