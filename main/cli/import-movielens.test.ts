import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedInteractions } from '../../native-workers/ml/recs/planted';
import { Host } from '../host/host';
import { tempDir } from '../host/testing';
import { importMovieLens } from './import-movielens';
import { trainRecs, trainRecsFlags } from './train-recs';
import { writeZip } from './testing-zip';

/**
 * A synthetic folder in MovieLens' ml-latest-small layout: 120 users rating 60 movies, each user
 * rating mostly movies of their own genre (planted), timestamps in seconds, genres "A|B".
 */
const dir = tempDir('assay-movielens-');
const folder = path.join(dir, 'ml-tiny');
const genres = ['Action|Thriller', 'Comedy|Romance', 'Animation|Children', 'Documentary'];
const planted = plantedInteractions({ users: 120, items: 60, groups: 4, perUser: 8, noise: 0.05, seed: 4 });
let host: Host;

beforeAll(() => {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'ratings.csv'), `userId,movieId,rating,timestamp\n${planted.users.map((u, k) => `${u.slice(1)},${planted.items[k]!.slice(1)},${3 + (k % 3)}.0,${964982703 + k * 60}`).join('\n')}\n`);
  fs.writeFileSync(path.join(folder, 'movies.csv'), `movieId,title,genres\n${Array.from({ length: 60 }, (_, i) => `${i},"Movie ${i}, The (199${i % 10})",${genres[i % 4]}`).join('\n')}\n`);
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), profileImports: false });
  host.newProject(path.join(dir, 'ml.assay'));
});

afterAll(async () => {
  await host.close();
});

describe('import-movielens', () => {
  it('imports ratings and movies as two datasets whose train-recs command trains a hybrid with content from the genres', async () => {
    const out = await importMovieLens(host, folder, 'ml-tiny');
    expect(out.ratings).toMatchObject({ name: 'ml-tiny-ratings', rowsStored: planted.users.length, rowsQuarantined: 0 });
    expect(out.movies).toMatchObject({ name: 'ml-tiny-movies', rowsStored: 60 });
    const flags = trainRecsFlags(['ml.assay', ...out.trainArgs, '--model', 'hybrid', '--holdout', 'last:1', '--param', 'factors=8']);
    const ds = host.datasets.list();
    const id = (n: string): number => ds.find((d) => d.name === n)!.id;
    const { itemKey, ...spec } = flags.spec;
    const s = await trainRecs(host, { ...spec, datasetId: id(out.ratings.name), items: { datasetId: id(out.movies.name), keyColumn: itemKey! } });
    expect(s.data).toMatchObject({ users: 120, items: 60 });
    expect(s.spec).toMatchObject({ feedback: 'explicit', timeColumn: 'timestamp', weightColumn: 'rating' });
    expect(s.evaluation!.metrics.ndcg).toBeGreaterThan(0);
  }, 120_000);

  it('imports the ml-100k layout from its zip, with the same train-recs arguments', async () => {
    const zip = path.join(dir, 'ml-100k.zip');
    const genre = (i: number): string => Array.from({ length: 19 }, (_, k) => (k === 1 + (i % 4) ? '1' : '0')).join('|');
    writeZip(zip, {
      'ml-100k/u.data': `${planted.users.map((u, k) => `${u.slice(1)}\t${planted.items[k]!.slice(1)}\t${1 + (k % 5)}\t${881250949 + k}`).join('\n')}\n`,
      'ml-100k/u.item': `${Array.from({ length: 60 }, (_, i) => `${i}|Movie ${i} (1995)|01-Jan-1995||http://x|${genre(i)}`).join('\n')}\n`,
    });
    const out = await importMovieLens(host, zip, 'ml-100k');
    expect(out.layout).toBe('ml-100k');
    expect(out.ratings).toMatchObject({ name: 'ml-100k-ratings', rowsStored: planted.users.length, rowsQuarantined: 0 });
    expect(out.movies).toMatchObject({ name: 'ml-100k-movies', rowsStored: 60 });
    expect(out.trainArgs).toContain('timestamp');
  }, 120_000);

  it('says what is missing from a folder that is not MovieLens', async () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    await expect(importMovieLens(host, other, 'x')).rejects.toThrow(/has no ratings\.csv: point at a MovieLens download \(folder or \.zip\)/);
    fs.writeFileSync(path.join(other, 'ratings.csv'), 'user,item\n1,2\n');
    fs.writeFileSync(path.join(other, 'movies.csv'), 'movieId,title,genres\n');
    await expect(importMovieLens(host, other, 'x')).rejects.toThrow(/lacks the column\(s\) userId, movieId, rating, timestamp/);
  });
});
