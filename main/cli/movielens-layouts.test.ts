import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../host/testing';
import { normalizeMovieLens } from './movielens-layouts';
import { writeZip } from './testing-zip';

const dir = tempDir('assay-ml-layouts-');

const flags = (on: number[]): string => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? '1' : '0')).join('|');

describe('MovieLens layouts', () => {
  it('reads ml-100k: tab-separated u.data, pipe-separated Latin-1 u.item with genre flags named by u.genre', () => {
    const src = path.join(dir, 'ml-100k');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'u.data'), '196\t242\t3\t881250949\n186\t302\t3\t891717742\n');
    // "Café, The (1995)": é is one Latin-1 byte, and the comma needs quoting in CSV.
    fs.writeFileSync(path.join(src, 'u.item'), Buffer.concat([Buffer.from('242|Caf'), Buffer.from([0xe9]), Buffer.from(`, The (1995)|01-Jan-1995||http://x|${flags([1, 16])}\n302|L.A. "Noir" (1997)|01-Jan-1997||http://y|${flags([])}\n`)]));
    fs.writeFileSync(path.join(src, 'u.genre'), ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'].map((g, k) => `${g}|${k}`).join('\n'));
    const out = normalizeMovieLens(src, path.join(dir, 'out-100k'));
    expect(out.layout).toBe('ml-100k');
    expect(fs.readFileSync(path.join(out.folder, 'ratings.csv'), 'utf8')).toBe('userId,movieId,rating,timestamp\n196,242,3,881250949\n186,302,3,891717742\n');
    expect(fs.readFileSync(path.join(out.folder, 'movies.csv'), 'utf8')).toBe('movieId,title,genres\n242,"Café, The (1995)",Action|Thriller\n302,"L.A. ""Noir"" (1997)",(no genres listed)\n');
  });

  it('reads ml-1m from the zip as downloaded: "::"-separated, Latin-1, under a folder, a macOS resource fork ignored', () => {
    const zip = path.join(dir, 'ml-1m.zip');
    writeZip(zip, {
      'ml-1m/README': 'readme',
      '__MACOSX/ml-1m/._ratings.dat': 'not data',
      'ml-1m/ratings.dat': '1::1193::5::978300760\n1::661::3::978302109\n',
      'ml-1m/movies.dat': Buffer.concat([Buffer.from('1193::One Flew Over the Cuckoo\'s Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children\'s|Musical\n7::Sabrina, Am'), Buffer.from([0xe9]), Buffer.from('lie (1995)::Comedy|Romance\n')]),
    });
    const out = normalizeMovieLens(zip, path.join(dir, 'out-1m'));
    expect(out.layout).toBe('ml-1m');
    expect(fs.readFileSync(path.join(out.folder, 'ratings.csv'), 'utf8')).toBe('userId,movieId,rating,timestamp\n1,1193,5,978300760\n1,661,3,978302109\n');
    expect(fs.readFileSync(path.join(out.folder, 'movies.csv'), 'utf8').split('\n').slice(1, 4)).toEqual([
      "1193,One Flew Over the Cuckoo's Nest (1975),Drama",
      "661,James and the Giant Peach (1996),Animation|Children's|Musical",
      '7,"Sabrina, Amélie (1995)",Comedy|Romance',
    ]);
  });

  it('says which layouts it reads and what a source lacks; names a malformed line', () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'u.data'), '1\t2\t3\t4\n');
    expect(() => normalizeMovieLens(empty, path.join(dir, 'o1'))).toThrow(/ml-100k \(u\.data, u\.item\).*it has only u\.data/);
    expect(() => normalizeMovieLens(path.join(dir, 'missing.zip'), path.join(dir, 'o2'))).toThrow(/does not exist/);
    const notZip = path.join(dir, 'not.zip');
    fs.writeFileSync(notZip, 'hello');
    expect(() => normalizeMovieLens(notZip, path.join(dir, 'o3'))).toThrow(/not a zip Assay can read/);
    const bad = path.join(dir, 'bad-1m');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'ratings.dat'), '1::2::3::4\n1::2::3\n');
    fs.writeFileSync(path.join(bad, 'movies.dat'), '2::T::G\n');
    expect(() => normalizeMovieLens(bad, path.join(dir, 'o4'))).toThrow(/ratings\.dat line 2 has 3 field\(s\), not 4/);
  });
});
