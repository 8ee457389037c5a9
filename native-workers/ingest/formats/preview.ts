import type { ImportOptions, ImportPreview } from '../../../preload/contract/import-options';
import { previewRowLimit } from '../../../preload/contract/import-options';
import { readSource } from './read-source';
import { PreviewSink } from './sink';

const encodingNotes: Record<string, string> = {
  'nul-pattern': 'Encoding detected from the pattern of NUL bytes (UTF-16 without a byte-order mark).',
  fallback: 'The start of the file is not valid UTF-8: read as Windows-1252. Choose another encoding if letters look wrong.',
};

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
  if (sink.kept.some((r) => r.length !== sink.names.length)) notes.push('Some rows have a different number of fields than the header; they will be quarantined.');
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
  };
}
