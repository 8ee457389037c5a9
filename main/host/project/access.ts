import { AssayError } from '../../../preload/contract/errors';
import type { ProjectStore } from '../../../native-workers/project/store';

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
}

export function projectAccess(current: () => ProjectStore | null): ProjectAccess {
  return { project: current, store: () => requireProject(current()) };
}
