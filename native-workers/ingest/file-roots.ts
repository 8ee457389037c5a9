import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';

/**
 * The path with every symlink of its existing part resolved, the part that does
 * not exist yet (a project or a folder about to be created) appended as given:
 * the place the OS would really read or write.
 */
function realPlace(absolute: string): string {
  let existing = absolute;
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

function inside(place: string, root: string): boolean {
  return place === root || place.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The folders a browser-mode session may touch (`assay serve --root DIR`): every
 * path a channel takes must lie in one of them once symlinks are resolved, so
 * whoever holds the token reads and writes there and nowhere else.
 */
export class FileRoots {
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((root) => {
      const absolute = path.resolve(root);
      if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
        throw new AssayError('BAD_INPUT', `--root ${root}: not a folder. Name folders that exist.`);
      }
      return fs.realpathSync.native(absolute);
    });
  }

  /** Whether the path lies in one of the folders once symlinks are resolved (no `..`). */
  allows(given: string): boolean {
    if (given.split(/[\\/]/).includes('..')) return false;
    const place = realPlace(path.resolve(given));
    return this.roots.some((root) => inside(place, root));
  }

  /** The path made absolute, or FORBIDDEN naming the folders that are allowed. */
  check(given: string, field: string): string {
    // `..` after a symlink means the link's parent to the OS but not to path.resolve: refused rather than guessed.
    if (given.split(/[\\/]/).includes('..')) {
      throw new AssayError('FORBIDDEN', `${field}: write the path without "..". Allowed folders: ${this.roots.join(', ')}.`);
    }
    const absolute = path.resolve(given);
    const place = realPlace(absolute);
    if (!this.roots.some((root) => inside(place, root))) {
      throw new AssayError(
        'FORBIDDEN',
        `${field}: ${given} is outside the folders this server may use${place !== absolute ? ` (it leads to ${place})` : ''}. Allowed folders: ${this.roots.join(', ')}. Move the file into one of them, or restart \`assay serve\` with --root for its folder.`,
      );
    }
    return absolute;
  }
}
