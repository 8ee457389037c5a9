/**
 * Which files make an image set: a folder with one subfolder per class
 * (nested folders inside a class belong to it), or a CSV of `path,label`.
 * Only the listing: files are read by the import job one at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import type { ImageSource } from '../../../preload/contract/images';
import { FileRoots } from '../../ingest/file-roots';
import { notRegular } from '../../ingest/formats/regular-file';

export interface ListedImage {
  readonly path: string;
  readonly label: string;
}

export interface Listing {
  readonly images: ListedImage[];
  /** Files that are not images by extension, and loose files beside the class folders. */
  readonly skipped: number;
  readonly notes: string[];
  /** Images a CSV lists outside the session's folders (`assay serve --root`), left out. */
  readonly outside?: number;
}

const imageExt = /\.(png|jpe?g|webp)$/i;

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

function listFolder(root: string): Listing {
  const st = fs.statSync(root, { throwIfNoEntry: false });
  if (!st) throw new AssayError('NOT_FOUND', `The folder ${root} does not exist.`);
  if (!st.isDirectory()) throw new AssayError('BAD_INPUT', `${root} is a file, not a folder. Pick the folder that holds one subfolder per class (or a CSV of path,label).`);
  const images: ListedImage[] = [];
  let skipped = 0;
  const notes: string[] = [];
  const entries = fs.readdirSync(root, { withFileTypes: true }).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  const loose = entries.filter((e) => e.isFile() && imageExt.test(e.name)).length;
  if (loose > 0) notes.push(`${loose} image(s) directly in ${root} were left out: only images inside a class subfolder have a label.`);
  skipped += entries.filter((e) => e.isFile()).length;
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const files: string[] = [];
    walk(path.join(root, e.name), files);
    for (const f of files) {
      if (imageExt.test(f)) images.push({ path: f, label: e.name });
      else skipped++;
    }
  }
  return { images, skipped, notes };
}

function listCsv(file: string, roots: FileRoots | null): Listing {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) throw new AssayError('NOT_FOUND', `The CSV ${file} does not exist.`);
  const what = notRegular(st);
  if (what) throw new AssayError('BAD_INPUT', `${file} is ${what}, not a regular file: pick a CSV file of path,label.`);
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  const fields = (parsed.meta.fields ?? []).map((f) => f.trim().toLowerCase());
  if (!fields.includes('path') || !fields.includes('label')) {
    throw new AssayError('BAD_INPUT', `${file} needs a header with the columns path and label (found: ${fields.join(', ') || 'none'}).`);
  }
  const key = (name: string): string => parsed.meta.fields!.find((f) => f.trim().toLowerCase() === name)!;
  const base = path.dirname(file);
  const images: ListedImage[] = [];
  const notes: string[] = [];
  let outside = 0;
  parsed.data.forEach((row, i) => {
    const p = (row[key('path')] ?? '').trim();
    const label = (row[key('label')] ?? '').trim();
    if (!p || !label) {
      notes.push(`Line ${i + 2}: empty path or label, left out.`);
      return;
    }
    const abs = path.resolve(base, p);
    if (roots && !roots.allows(abs)) {
      notes.push(`Line ${i + 2}: ${p} is outside the folders this server may use, left out.`);
      outside++;
      return;
    }
    images.push({ path: abs, label });
  });
  return { images, skipped: 0, notes: notes.slice(0, 50), outside };
}

/** The images of a source; with `roots` (`assay serve --root`), what a CSV lists outside them is left out with a note. */
export function listImages(source: ImageSource, roots: readonly string[] | null = null): Listing {
  // The host turns uploads into a folder before the job starts.
  if (source.kind === 'uploads') throw new AssayError('INTERNAL', 'Uploaded images must be moved into a folder before import.');
  const listing = source.kind === 'folder' ? listFolder(path.resolve(source.path)) : listCsv(path.resolve(source.path), roots ? new FileRoots(roots) : null);
  if (listing.images.length === 0) {
    throw new AssayError(
      'BAD_INPUT',
      source.kind === 'folder'
        ? `${source.path} holds no PNG, JPEG or WebP images in class subfolders. Put each class's images in a subfolder named after the class (e.g. cats/, dogs/).`
        : `${source.path} lists no images.`,
    );
  }
  return listing;
}
