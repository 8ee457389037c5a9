import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImagePage, ImageSetSummary } from '../../../../preload/contract/images';
import type { JobInfo } from '../../../../preload/contract/types';
import { writeClassFolder } from '../../../../native-workers/images/test-images';
import { Host } from '../../host';
import { tempDir } from '../../testing';

/**
 * A FIFO (or a socket, a device) where a file is expected (#15 item 8): opening one blocks until
 * a writer comes, which froze browser mode's host. Refused at once, everywhere a path is read.
 */

const dir = tempDir('assay-fifo-');
const fifo = path.join(dir, 'pipe.csv');
spawnSync('mkfifo', [fifo]);
// Were the FIFO opened, this writer would unblock it after 3 s (and the test would see the delay).
const writers: ChildProcess[] = [];
afterAll(() => writers.forEach((w) => w.kill()));
function writerIn3s(file: string): void {
  writers.push(spawn('sh', ['-c', `sleep 3; echo a,b > '${file}'`], { stdio: 'ignore' }));
}

function newHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `p${Date.now()}.assay`));
  return host;
}

describe('non-regular files are refused at once', () => {
  it('preview and import of a FIFO: refused with what it is, and the host answers meanwhile', async () => {
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    writerIn3s(fifo);
    const host = newHost();
    const t0 = Date.now();
    const preview = host.dispatch('import:preview', { source: { kind: 'path', path: fifo } });
    // The host's event loop is free: another request is answered while the preview runs.
    expect(await host.dispatch('dataset:list', null)).toEqual([]);
    const refusal = await preview.catch((err: unknown) => err);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(refusal).toMatchObject({
      code: 'BAD_INPUT',
      message: 'pipe.csv is a named pipe (FIFO), not a regular file: Assay reads only regular files (reading this could wait forever). Nothing was imported.',
      detail: 'Save the data to a file and import that file.',
    });
    const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: fifo } })) as { jobId: string };
    const job: JobInfo = await host.jobs.wait(jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/pipe\.csv is a named pipe \(FIFO\), not a regular file/);
    expect(await host.dispatch('dataset:list', null)).toEqual([]);
    await host.close();
  });

  it('a folder where a file is expected keeps its message', async () => {
    const host = newHost();
    await expect(host.dispatch('import:preview', { source: { kind: 'path', path: dir } })).rejects.toMatchObject({ message: expect.stringMatching(/is a folder; pick a file/) as unknown });
    await host.close();
  });

  it('an image listed by a CSV that is a FIFO is refused with the reason; the other images import', async () => {
    const folder = path.join(dir, 'shapes');
    const files = await writeClassFolder(folder, ['a', 'b'], 3, 16);
    const pipe = path.join(folder, 'a', 'pipe.png');
    spawnSync('mkfifo', [pipe]);
    writerIn3s(pipe);
    const csv = path.join(dir, 'images.csv');
    fs.writeFileSync(csv, ['path,label', ...files.map((f) => `${f},${path.basename(path.dirname(f))}`), `${pipe},a`].join('\n'));
    const host = newHost();
    const { jobId, done } = host.images.startImport({ source: { kind: 'csv', path: csv } });
    const info = await done;
    expect(info.status).toBe('succeeded');
    const set = host.jobs.resultOf(jobId) as ImageSetSummary;
    const issues = (await host.dispatch('images:list', { setId: set.id, offset: 0, limit: 50, filter: 'issues' })) as ImagePage;
    expect(issues.images.map((i) => [path.basename(i.path), i.status, i.issue])).toEqual([['pipe.png', 'refused', 'Not read: it is a named pipe (FIFO), not a regular file.']]);
    // The CSV itself may not be a FIFO either.
    const { done: refused } = host.images.startImport({ source: { kind: 'csv', path: fifo } });
    expect((await refused).error?.message).toMatch(/pipe\.csv is a named pipe \(FIFO\), not a regular file: pick a CSV file of path,label/);
    await host.close();
  });
});
