import fs from 'node:fs';
import path from 'node:path';
import type { RecentProject } from '../../preload/contract/types';
import { projectName } from '../../native-workers/project/store';

const maxRecent = 10;

/** The recent-projects list, a small JSON file in the config dir. */
export class RecentProjects {
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'recent.json');
  }

  list(): RecentProject[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (p): p is RecentProject => typeof p === 'object' && p !== null && typeof (p as RecentProject).path === 'string',
      );
    } catch {
      return [];
    }
  }

  add(projectPath: string): RecentProject[] {
    const entry: RecentProject = { path: projectPath, name: projectName(projectPath), openedAt: new Date().toISOString() };
    const next = [entry, ...this.list().filter((p) => p.path !== projectPath)].slice(0, maxRecent);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Write-then-rename: a crash never leaves a torn list.
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2));
    fs.renameSync(tmp, this.file);
    return next;
  }
}
