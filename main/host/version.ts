import fs from 'node:fs';
import path from 'node:path';
import { distDir } from './paths';

/** The app's version, from the package.json next to dist/. */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(distDir(), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
