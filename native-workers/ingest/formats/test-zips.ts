import zlib from 'node:zlib';

/** For tests only: .xlsx workbooks written byte by byte, so a test can build what no writer would (bombs). */

export interface ZipPart {
  readonly name: string;
  readonly data: Buffer;
  /** Deflate level (1 is fast and still ~200× on repeated bytes). */
  readonly level?: number;
  /** The uncompressed size the headers claim (a bomb lies); the true size by default. */
  readonly claimedSize?: number;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** A plain zip (deflated entries, no data descriptors). `overlapLast` points the last directory entry at the first's data. */
export function zipBytes(parts: readonly ZipPart[], overlapLast = false): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const packed = zlib.deflateRawSync(part.data, { level: part.level ?? 6 });
    const crc = zlib.crc32(part.data);
    const size = part.claimedSize ?? part.data.length;
    const common = Buffer.concat([u16(20), u16(0), u16(8), u16(0), u16(0x21), u32(crc), u32(packed.length), u32(size), u16(name.length), u16(0)]);
    const local = Buffer.concat([u32(0x04034b50), common, name, packed]);
    offsets.push(offset);
    const at = overlapLast && central.length === parts.length - 1 ? offsets[0] : offset;
    central.push(Buffer.concat([u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(at), name]));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(parts.length), u16(parts.length), u32(cd.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, cd, eocd]);
}

const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A one-sheet workbook: `sharedStrings` become the table, `rows` the sheet's rows, each cell
 * a shared-string index (`s`) or an inline number (`n`).
 */
export function xlsxParts(sharedStrings: readonly (string | Buffer)[], rows: Iterable<readonly ({ s: number } | { n: number })[]>, level?: number): ZipPart[] {
  const col = (i: number): string => String.fromCharCode(65 + i);
  const sheet: string[] = [`${xml}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`];
  let r = 0;
  for (const row of rows) {
    r++;
    sheet.push(`<row r="${r}">${row.map((c, i) => ('s' in c ? `<c r="${col(i)}${r}" t="s"><v>${c.s}</v></c>` : `<c r="${col(i)}${r}"><v>${c.n}</v></c>`)).join('')}</row>`);
  }
  sheet.push('</sheetData></worksheet>');
  const sst = Buffer.concat([
    Buffer.from(`${xml}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">`),
    ...sharedStrings.flatMap((s) => [Buffer.from('<si><t>'), typeof s === 'string' ? Buffer.from(s) : s, Buffer.from('</t></si>')]),
    Buffer.from('</sst>'),
  ]);
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      ),
    },
    { name: '_rels/.rels', data: Buffer.from(`${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(`${xml}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/sharedStrings.xml', data: sst, level },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet.join('')), level },
  ];
}
