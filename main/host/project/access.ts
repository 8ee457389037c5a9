import { AssayError } from '../../../preload/contract/errors';
import type { ProjectStore } from '../../../native-workers/project/store';
import type { PathField } from '../channel-paths';
import { checkPaths, type SessionRules } from '../session-rules';

/** The one "no project open" refusal: every handler that needs the project says it the same way. */
export function requireProject(project: ProjectStore | null): ProjectStore {
  if (!project) throw new AssayError('NO_PROJECT', 'No project is open. Create or open a project first.');
  return project;
}

/** How a host service reaches the open project. */
export interface ProjectAccess {
  /** The open project, or null: for answers that make sense without one (an empty list, a stop). */
  readonly project: () => ProjectStore | null;
  /** The open project, refused through requireProject when there is none. */
  readonly store: () => ProjectStore;
  /**
   * Paths read from the project (a saved connection's file, a stored stream's
   * source) checked against the session's folders as a request's own are: a
   * project made elsewhere must not lead `assay serve --root` outside them.
   */
  readonly storedPaths: (fields: readonly PathField[]) => void;
  /** The session's folders (`assay serve --root`), for jobs that read paths a file lists; null: anywhere. */
  readonly roots: () => readonly string[] | null;
}

export function projectAccess(current: () => ProjectStore | null, rules: SessionRules = {}): ProjectAccess {
  return {
    project: current,
    store: () => requireProject(current()),
    storedPaths: (fields) => checkPaths(rules, fields),
    roots: () => rules.roots?.roots ?? null,
  };
}
