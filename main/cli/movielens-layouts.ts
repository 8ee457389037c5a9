/**
 * The MovieLens layouts `assay import-movielens` reads, each turned into the ml-latest-small
 * one (ratings.csv userId,movieId,rating,timestamp; movies.csv movieId,title,genres) so that one
 * import path serves all:
 *   - ml-latest-small / ml-latest: ratings.csv, movies.csv (UTF-8), used as they are;
 *   - ml-100k: u.data (user \t item \t rating \t timestamp) and u.item (pipe-separated, Latin-1:
 *     id|title|release date|video date|IMDb URL|19 genre flags), genre names from u.genre;
 *   - ml-1m: ratings.dat and movies.dat, fields separated by "::", Latin-1.
 * A folder or the .zip as downloaded (files found by name at any depth).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { AssayError } from '../../preload/contract/errors';

export type MovieLensLayout = 'ml-latest-small' | 'ml-100k' | 'ml-1m';

/** ml-100k's genre flags in u.item's order, for a folder without u.genre. */
const genres100k = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];

const wanted = ['ratings.csv', 'movies.csv', 'u.data', 'u.item', 'u.genre', 'ratings.dat', 'movies.dat'];

/** The files of a MovieLens source by base name: a folder's own, or a zip's entries (any depth). */
type Files = ReadonlyMap<string, () => Buffer>;

function folderFiles(folder: string): Files {
  const out = new Map<string, () => Buffer>();
  for (const name of wanted) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) out.set(name, () => fs.readFileSync(file));
  }
  return out;
}

/** The entries named in `wanted` of a zip (stored or deflated), from its central directory. */
export function zipFiles(zipPath: string): Files {
  const buf = fs.readFileSync(zipPath);
  const bad = (why: string): AssayError => new AssayError('BAD_INPUT', `${path.basename(zipPath)} is not a zip Assay can read (${why}): download it again from grouplens.org, or unzip it and pass the folder.`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, () => Buffer>();
  for (let e = 0; e < count; e++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw bad('a damaged central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = path.posix.basename(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    // macOS zips carry "__MACOSX/._u.data" resource forks: not the data.
    if (!wanted.includes(name) || out.has(name)) continue;
    if (method !== 0 && method !== 8) throw bad(`${name} is compressed with method ${method}, not deflate`);
    out.set(name, () => {
      if (buf.readUInt32LE(local) !== 0x04034b50) throw bad(`${name}'s header is damaged`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(raw) : zlib.inflateRawSync(raw);
    });
  }
  return out;
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function lines(b: Buffer, encoding: 'utf8' | 'latin1'): string[] {
  return b.toString(encoding).split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** ratings.csv from rows of [user, item, rating, timestamp]; a row with another field count is an error naming its line. */
function ratingsCsv(rows: string[], sep: string | RegExp, file: string): string {
  const out = ['userId,movieId,rating,timestamp'];
  rows.forEach((l, i) => {
    const f = l.split(sep);
    if (f.length !== 4) throw new AssayError('BAD_INPUT', `${file} line ${i + 1} has ${f.length} field(s), not 4 (user, movie, rating, timestamp): "${l.slice(0, 80)}".`);
    out.push(f.map((x) => csvCell(x.trim())).join(','));
  });
  return `${out.join('\n')}\n`;
}

/** The layout a source holds; which files are missing when it holds none. */
export function detectLayout(files: Files, where: string): MovieLensLayout {
  if (files.has('ratings.csv') && files.has('movies.csv')) return 'ml-latest-small';
  if (files.has('u.data') && files.has('u.item')) return 'ml-100k';
  if (files.has('ratings.dat') && files.has('movies.dat')) return 'ml-1m';
  const has = [...files.keys()];
  throw new AssayError(
    'NOT_FOUND',
    `${where} has no ratings.csv: point at a MovieLens download (folder or .zip) in one of the layouts ml-latest-small (ratings.csv, movies.csv), ml-100k (u.data, u.item) or ml-1m (ratings.dat, movies.dat), from grouplens.org${has.length ? `; it has only ${has.join(', ')}` : ''}.`,
  );
}

/**
 * The source as ml-latest-small files in `outDir` (written there unless the source is a folder
 * in that layout already); returns the folder holding ratings.csv and movies.csv.
 */
export function normalizeMovieLens(source: string, outDir: string): { layout: MovieLensLayout; folder: string } {
  if (!fs.existsSync(source)) throw new AssayError('NOT_FOUND', `${source} does not exist: pass the unzipped MovieLens folder or the .zip as downloaded.`);
  const isZip = fs.statSync(source).isFile();
  const files = isZip ? zipFiles(source) : folderFiles(source);
  const layout = detectLayout(files, source);
  if (layout === 'ml-latest-small' && !isZip) return { layout, folder: source };
  fs.mkdirSync(outDir, { recursive: true });
  const write = (name: string, text: string | Buffer): void => fs.writeFileSync(path.join(outDir, name), text);
  if (layout === 'ml-latest-small') {
    write('ratings.csv', files.get('ratings.csv')!());
    write('movies.csv', files.get('movies.csv')!());
  } else if (layout === 'ml-100k') {
    write('ratings.csv', ratingsCsv(lines(files.get('u.data')!(), 'utf8'), /\t/, 'u.data'));
    const genreFile = files.get('u.genre');
    const names = genreFile ? lines(genreFile(), 'latin1').map((l) => l.split('|')[0]!) : genres100k;
    const movies = ['movieId,title,genres'];
    lines(files.get('u.item')!(), 'latin1').forEach((l, i) => {
      const f = l.split('|');
      if (f.length < 5 + names.length) throw new AssayError('BAD_INPUT', `u.item line ${i + 1} has ${f.length} field(s), not ${5 + names.length} (id, title, dates, URL and ${names.length} genre flags).`);
      const g = names.filter((_, k) => f[5 + k] === '1');
      movies.push([f[0]!, f[1]!, g.length ? g.join('|') : '(no genres listed)'].map(csvCell).join(','));
    });
    write('movies.csv', `${movies.join('\n')}\n`);
  } else {
    write('ratings.csv', ratingsCsv(lines(files.get('ratings.dat')!(), 'latin1'), '::', 'ratings.dat'));
    const movies = ['movieId,title,genres'];
    lines(files.get('movies.dat')!(), 'latin1').forEach((l, i) => {
      const f = l.split('::');
      if (f.length !== 3) throw new AssayError('BAD_INPUT', `movies.dat line ${i + 1} has ${f.length} field(s), not 3 (id, title, genres): "${l.slice(0, 80)}".`);
      movies.push(f.map(csvCell).join(','));
    });
    write('movies.csv', `${movies.join('\n')}\n`);
  }
  return { layout, folder: outDir };
}
