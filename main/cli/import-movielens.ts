/**
 * `assay import-movielens` (#17): a user-downloaded MovieLens folder or .zip (ml-latest-small,
 * ml-100k or ml-1m layout, movielens-layouts.ts) imported as two datasets — the interactions and
 * the item content — with the train-recs command that uses them. MovieLens may not be
 * redistributed, so Assay ships none; this reads what the user has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import type { ImportResult } from '../../preload/contract/types';
import type { Host } from '../host/host';
import { cliHost, runImportJob, UsageError } from './common';
import { normalizeMovieLens, type MovieLensLayout } from './movielens-layouts';
import os from 'node:os';

export const importMovieLensUsage = `  assay import-movielens FILE.assay FOLDER|ZIP [--name NAME] [--json]
      imports a MovieLens download, unzipped or not, in the ml-latest-small (ratings.csv,
      movies.csv), ml-100k (u.data, u.item) or ml-1m (ratings.dat, movies.dat) layout, as the
      datasets NAME-ratings (interactions) and NAME-movies (item content: title, genres); NAME is
      the folder's or zip's name unless given; prints the assay train-recs command that uses both`;

export interface MovieLensImport {
  readonly layout: MovieLensLayout;
  readonly ratings: ImportResult;
  readonly movies: ImportResult;
  /** The train-recs arguments for these datasets (explicit ratings, content from the genres). */
  readonly trainArgs: readonly string[];
}

const expected = { ratings: ['userId', 'movieId', 'rating', 'timestamp'], movies: ['movieId', 'title', 'genres'] } as const;

function checkFile(folder: string, kind: keyof typeof expected): string {
  const file = path.join(folder, `${kind}.csv`);
  if (!fs.existsSync(file)) throw new AssayError('NOT_FOUND', `${folder} has no ${kind}.csv: point at a MovieLens download (folder or .zip) from grouplens.org.`);
  const header = fs.readFileSync(file, 'utf8').slice(0, 200).split(/\r?\n/)[0]!.split(',').map((c) => c.trim());
  const missing = expected[kind].filter((c) => !header.includes(c));
  if (missing.length) throw new AssayError('BAD_INPUT', `${kind}.csv lacks the column(s) ${missing.join(', ')} (it has ${header.join(', ')}): this is not the ml-latest-small layout.`);
  return file;
}

export async function importMovieLens(host: Host, source: string, name: string): Promise<MovieLensImport> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-movielens-'));
  try {
    const { layout, folder } = normalizeMovieLens(source, temp);
    const ratingsFile = checkFile(folder, 'ratings');
    const moviesFile = checkFile(folder, 'movies');
    const ratings = await runImportJob<ImportResult>(host, () => host.startImport({ source: { kind: 'path', path: ratingsFile }, name: `${name}-ratings` }));
    const movies = await runImportJob<ImportResult>(host, () => host.startImport({ source: { kind: 'path', path: moviesFile }, name: `${name}-movies` }));
    return { layout, ...trainable(ratings, movies) };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

function trainable(ratings: ImportResult, movies: ImportResult): Omit<MovieLensImport, 'layout'> {
  return {
    ratings,
    movies,
    trainArgs: ['--dataset', ratings.name, '--user', 'userId', '--item', 'movieId', '--weight', 'rating', '--time', 'timestamp', '--feedback', 'explicit', '--items', movies.name, '--item-key', 'movieId'],
  };
}

export async function cmdImportMovieLens(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay import-movielens takes FILE.assay and a MovieLens FOLDER or .zip');
  const folder = path.resolve(positionals[1]!);
  const host = cliHost({ profileImports: false });
  try {
    const project = path.resolve(positionals[0]!);
    host.openProject(project);
    const out = await importMovieLens(host, folder, values.name ?? path.basename(folder).replace(/\.zip$/i, ''));
    const next = `assay train-recs ${project} ${out.trainArgs.join(' ')} --model hybrid`;
    if (values.json === true) process.stdout.write(`${JSON.stringify({ layout: out.layout, ratings: out.ratings, movies: out.movies, next })}\n`);
    else process.stdout.write(`${out.layout} layout: imported ${out.ratings.rowsStored} ratings as "${out.ratings.name}" and ${out.movies.rowsStored} movies as "${out.movies.name}"\nnext: ${next}\n`);
  } finally {
    await host.close();
  }
}
