/**
 * `assay import-movielens` (#17): a user-downloaded MovieLens folder (ml-latest-small layout:
 * ratings.csv userId,movieId,rating,timestamp and movies.csv movieId,title,genres) imported as
 * two datasets — the interactions and the item content — with the train-recs command that uses
 * them. MovieLens may not be redistributed, so Assay ships none; this reads what the user has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import type { ImportResult } from '../../preload/contract/types';
import type { Host } from '../host/host';
import { cliHost, runImportJob, UsageError } from './common';

export const importMovieLensUsage = `  assay import-movielens FILE.assay FOLDER [--name NAME] [--json]
      imports a MovieLens folder (ml-latest-small layout: ratings.csv and movies.csv) as the
      datasets NAME-ratings (interactions) and NAME-movies (item content: title, genres); NAME is
      the folder's name unless given; prints the assay train-recs command that uses both`;

export interface MovieLensImport {
  readonly ratings: ImportResult;
  readonly movies: ImportResult;
  /** The train-recs arguments for these datasets (explicit ratings, content from the genres). */
  readonly trainArgs: readonly string[];
}

const expected = { ratings: ['userId', 'movieId', 'rating', 'timestamp'], movies: ['movieId', 'title', 'genres'] } as const;

function checkFile(folder: string, kind: keyof typeof expected): string {
  const file = path.join(folder, `${kind}.csv`);
  if (!fs.existsSync(file)) throw new AssayError('NOT_FOUND', `${folder} has no ${kind}.csv: point at an unzipped MovieLens folder in the ml-latest-small layout (ratings.csv, movies.csv), downloaded from grouplens.org.`);
  const header = fs.readFileSync(file, 'utf8').slice(0, 200).split(/\r?\n/)[0]!.split(',').map((c) => c.trim());
  const missing = expected[kind].filter((c) => !header.includes(c));
  if (missing.length) throw new AssayError('BAD_INPUT', `${kind}.csv lacks the column(s) ${missing.join(', ')} (it has ${header.join(', ')}): this is not the ml-latest-small layout.`);
  return file;
}

export async function importMovieLens(host: Host, folder: string, name: string): Promise<MovieLensImport> {
  const ratingsFile = checkFile(folder, 'ratings');
  const moviesFile = checkFile(folder, 'movies');
  const ratings = await runImportJob<ImportResult>(host, () => host.startImport({ source: { kind: 'path', path: ratingsFile }, name: `${name}-ratings` }));
  const movies = await runImportJob<ImportResult>(host, () => host.startImport({ source: { kind: 'path', path: moviesFile }, name: `${name}-movies` }));
  return {
    ratings,
    movies,
    trainArgs: ['--dataset', ratings.name, '--user', 'userId', '--item', 'movieId', '--weight', 'rating', '--time', 'timestamp', '--feedback', 'explicit', '--items', movies.name, '--item-key', 'movieId'],
  };
}

export async function cmdImportMovieLens(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay import-movielens takes FILE.assay and a MovieLens FOLDER');
  const folder = path.resolve(positionals[1]!);
  const host = cliHost({ profileImports: false });
  try {
    const project = path.resolve(positionals[0]!);
    host.openProject(project);
    const out = await importMovieLens(host, folder, values.name ?? path.basename(folder));
    const next = `assay train-recs ${project} ${out.trainArgs.join(' ')} --model hybrid`;
    if (values.json === true) process.stdout.write(`${JSON.stringify({ ratings: out.ratings, movies: out.movies, next })}\n`);
    else process.stdout.write(`imported ${out.ratings.rowsStored} ratings as "${out.ratings.name}" and ${out.movies.rowsStored} movies as "${out.movies.name}"\nnext: ${next}\n`);
  } finally {
    await host.close();
  }
}
