import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { AssayError } from '../../../preload/contract/errors';
import type { SourceValue } from '../writer';
import type { RecordSink, Record_ } from './sink';
import { maxLineBytes, mb } from './text-checks';
import { checkZipExpansion, sizeText, zipLimits } from './zip-check';

const batchRows = 2000;
/**
 * Shared strings are stored once and referenced by index, so a tiny file can name a long string
 * in every cell: the text a sheet yields may be this many times the file's size (plus a floor).
 */
const textFloorChars = 8 * 1024 * 1024;
const maxTextRatio = 2 * zipLimits.ratio;

/** Characters of text in a cell (numbers, dates and booleans are small and bounded by the XML). */
function textLength(v: SourceValue): number {
  return typeof v === 'string' ? v.length : 0;
}

/**
 * exceljs never settles on some damaged zips (one byte zeroed in an entry's header: found by
 * fuzzing). Once the whole file is read only parsing is left, and each row is progress, so a
 * reader that makes none for this long after the end of the file is stuck, not slow.
 */
const stallMs = 2000;

export interface XlsxInfo {
  readonly sheets: readonly string[];
  readonly sheet: string | null;
}

/** A cell's value as the writer takes it: formulas give their result, rich text its plain text, errors nothing. */
export function cellValue(v: ExcelJS.CellValue): SourceValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('error' in v) return null;
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : null;
  if ('formula' in v || 'sharedFormula' in v) {
    const r = v.result;
    return r === undefined || (typeof r === 'object' && !(r instanceof Date)) ? null : r;
  }
  return null;
}

interface ReaderModel {
  model?: { sheets?: { name?: string }[] };
}

/**
 * Streams one worksheet of an .xlsx workbook (exceljs WorkbookReader: rows are parsed as the
 * zip is read, shared strings cached). Cells formatted as dates arrive as dates (Excel's day
 * serials converted by exceljs from the styles). Other sheets are skipped over.
 */
export async function readXlsx(
  path: string,
  fileName: string,
  options: { sheet?: string; header?: boolean },
  sink: RecordSink,
  onBytes: (bytes: number) => void,
): Promise<XlsxInfo> {
  await checkZipExpansion(path, fileName);
  const size = (await fs.promises.stat(path)).size;
  const textBudget = Math.max(textFloorChars, maxTextRatio * size);
  let text = 0;
  let bytes = 0;
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  input.on('data', (c: Buffer | string) => {
    bytes += c.length;
    onBytes(bytes);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const names = (): string[] => ((reader as unknown as ReaderModel).model?.sheets ?? []).map((s) => s.name ?? '');
  let seen: string[] = [];
  let picked: string | null = null;
  const header = options.header ?? true;
  let ended = false;
  let lastProgress = Date.now();
  input.on('end', () => {
    ended = true;
    lastProgress = Date.now();
  });
  let watchdog: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    watchdog = setInterval(() => {
      if (ended && Date.now() - lastProgress > stallMs) reject(new Error('its contents stop partway, as in a damaged or cut-short file'));
    }, 250);
  });
  const read = async (): Promise<void> => {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      seen.push(name);
      lastProgress = Date.now();
      if (!(options.sheet === undefined || options.sheet === name)) {
        // The zip is read in order: a sheet not wanted must still be read past.
        for await (const row of ws) {
          void row;
          lastProgress = Date.now();
        }
        continue;
      }
      picked = name;
      let width = -1;
      let batch: Record_[] = [];
      const rawOf = (r: Record_): string => JSON.stringify(r);
      for await (const row of ws) {
        lastProgress = Date.now();
        const values = row.values as ExcelJS.CellValue[];
        const cells: SourceValue[] = [];
        let rowText = 0;
        for (let i = 1; i < values.length; i++) {
          const v = cellValue(values[i]);
          rowText += textLength(v);
          cells.push(v);
        }
        // As the CSV reader caps a line: a row this large is not a table (and would be held whole).
        if (rowText > maxLineBytes) {
          throw new AssayError(
            'BAD_INPUT',
            `Row ${row.number} of sheet "${name}" in ${fileName} holds more than ${mb(maxLineBytes)} of text; this does not look like a table. Nothing was imported.`,
            'Check the sheet; if the data is genuine, save the sheet as CSV and import that.',
          );
        }
        text += rowText;
        if (text > textBudget) {
          throw new AssayError(
            'BAD_INPUT',
            `${fileName} yields more than ${mb(textBudget)} of text from a ${sizeText(size)} file (over ${maxTextRatio} times its size, by repeating shared strings): that is what a decompression bomb does, so nothing was imported.`,
            'If the workbook is genuine, open it in Excel or LibreOffice, save the sheet as CSV and import that.',
          );
        }
        if (width < 0) {
          width = cells.length;
          sink.columns(header ? cells.map((c) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c))) : cells.map(() => ''));
          if (header) continue;
        }
        // Trailing empty cells are not stored in the sheet: pad short rows; longer ones stay ragged.
        while (cells.length < width) cells.push(null);
        while (cells.length > width && (cells[cells.length - 1] === null || cells[cells.length - 1] === undefined)) cells.pop();
        batch.push(cells);
        if (batch.length >= batchRows) {
          sink.rows(batch, rawOf);
          batch = [];
        }
        if (sink.full) break;
      }
      if (batch.length > 0) sink.rows(batch, rawOf);
      break;
    }
  };
  try {
    await Promise.race([read(), stalled]);
  } catch (err) {
    if (err instanceof AssayError) throw err;
    throw new AssayError(
      'BAD_INPUT',
      `${fileName} is not an .xlsx workbook Assay can read: ${err instanceof Error ? err.message : String(err)}. Nothing was imported.`,
      'The file may be damaged; open it in Excel or LibreOffice and save it again as .xlsx.',
    );
  } finally {
    clearInterval(watchdog);
    input.destroy();
  }
  const all = names();
  if (all.length > 0) seen = all;
  if (options.sheet !== undefined && picked === null) {
    throw new AssayError('BAD_INPUT', `${fileName} has no sheet named "${options.sheet}". Its sheets are: ${seen.join(', ') || '(none)'}.`, 'Pick one of those sheets.');
  }
  return { sheets: seen, sheet: picked };
}
