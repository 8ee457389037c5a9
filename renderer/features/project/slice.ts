import { create } from 'zustand';
import type { AppInfo, BackendInfo, ProjectInfo, RecentProject } from '../../../preload/contract';
import type { ConnectionState } from '../../lib/client';

export interface ProjectState {
  readonly app: AppInfo | null;
  readonly project: ProjectInfo | null;
  readonly recent: readonly RecentProject[];
  readonly connection: ConnectionState;
  /** Which project dialog is up (opened by a shortcut or the menu); null when none. */
  readonly dialog: ProjectDialog | null;
}

export type ProjectDialog = 'new' | 'open' | 'saveAs';

export const emptyProject: ProjectState = { app: null, project: null, recent: [], connection: 'connecting', dialog: null };

export const useProjectStore = create<ProjectState>()(() => emptyProject);

export function setAppInfo(app: AppInfo): void {
  useProjectStore.setState({ app, project: app.project });
}

export function setProject(project: ProjectInfo | null): void {
  useProjectStore.setState((s) => ({ project, app: s.app ? { ...s.app, project } : s.app }));
}

export function setBackend(backend: BackendInfo): void {
  useProjectStore.setState((s) => ({ app: s.app ? { ...s.app, backend } : s.app }));
}

export function setRecent(recent: readonly RecentProject[]): void {
  useProjectStore.setState({ recent });
}

export function setConnection(connection: ConnectionState): void {
  useProjectStore.setState({ connection });
}

export function setDialog(dialog: ProjectDialog | null): void {
  useProjectStore.setState({ dialog });
}

export const useAppInfo = (): AppInfo | null => useProjectStore((s) => s.app);
export const useProject = (): ProjectInfo | null => useProjectStore((s) => s.project);
export const useReadOnly = (): boolean => useProjectStore((s) => s.project?.readOnly === true);
export const useRecent = (): readonly RecentProject[] => useProjectStore((s) => s.recent);
export const useConnection = (): ConnectionState => useProjectStore((s) => s.connection);
export const useDialog = (): ProjectDialog | null => useProjectStore((s) => s.dialog);
export const isReadOnlyNow = (): boolean => useProjectStore.getState().project?.readOnly === true;
