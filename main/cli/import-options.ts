import { importEncodings, importFormats, type ImportEncoding, type ImportFormat, type ImportOptions } from '../../preload/contract/import-options';
import { UsageError } from './common';

/** `assay import` flags that say how the source is read (parseArgs options). */
export const importOptionFlags = {
  format: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  quote: { type: 'string' },
  header: { type: 'string' },
  sheet: { type: 'string' },
  records: { type: 'string' },
} as const;

export const importOptionsUsage = '[--format csv|json|ndjson|parquet|xlsx] [--encoding utf-8|utf-16le|utf-16be|windows-1252] [--delimiter D] [--quote Q] [--header yes|no] [--sheet S] [--records PATH]';

type Flags = { [K in keyof typeof importOptionFlags]?: string };

const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };
const encodingAliases: Record<string, ImportEncoding> = { utf8: 'utf-8', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252', cp1252: 'windows-1252' };

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/** The flags as ImportOptions; every flag left out means "detect". */
export function importOptionsFrom(values: Flags): ImportOptions {
  const char = (flag: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    const c = named[v.toLowerCase()] ?? v;
    if (c.length !== 1) throw new UsageError(`--${flag} must be one character, or tab/comma/semicolon/pipe/space (got "${v}")`);
    return c;
  };
  const encoding = values.encoding === undefined ? undefined : (encodingAliases[values.encoding.toLowerCase()] ?? oneOf('encoding', values.encoding.toLowerCase(), importEncodings));
  const header = values.header === undefined ? undefined : oneOf('header', values.header, ['yes', 'no'] as const) === 'yes';
  const options: ImportOptions = {
    ...(values.format !== undefined ? { format: oneOf<ImportFormat>('format', values.format, importFormats) } : {}),
    ...(encoding ? { encoding } : {}),
    ...(values.delimiter !== undefined ? { delimiter: char('delimiter', values.delimiter) } : {}),
    ...(values.quote !== undefined ? { quote: char('quote', values.quote) } : {}),
    ...(header !== undefined ? { header } : {}),
    ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    ...(values.records !== undefined ? { recordsPath: values.records } : {}),
  };
  return options;
}
