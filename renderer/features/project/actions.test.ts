import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssayApi, ProjectInfo } from '../../../preload/contract';
import { newProject, saveProjectAs } from './actions';
import { setDialog, useProjectStore } from './slice';

// The host's answers, released by the test: the Electron transport over a fake preload (no window here).
let answer: (info: ProjectInfo) => void = () => undefined;
const api: AssayApi = {
  invoke: (() => new Promise<ProjectInfo>((resolve) => (answer = resolve))) as AssayApi['invoke'],
  on: () => () => undefined,
};
const info = (name: string): ProjectInfo => ({ path: `/p/${name}.assay`, name, readOnly: false, schemaVersion: 1 });

beforeAll(() => {
  Object.assign(globalThis, { window: { assay: api } });
});
afterAll(() => {
  Reflect.deleteProperty(globalThis, 'window');
});

describe('project actions', () => {
  it('close the dialog they came from once the host answers', async () => {
    setDialog('saveAs');
    const done = saveProjectAs('second');
    answer(info('second'));
    expect(await done).toBe(true);
    expect(useProjectStore.getState().project?.name).toBe('second');
    expect(useProjectStore.getState().dialog).toBeNull();
  });

  it('leave up a dialog the user opened while waiting (Ctrl+Shift+S right after creating a project)', async () => {
    setDialog(null);
    const done = newProject('first');
    // The project:changed push has shown the project; the user asks for Save As before the answer.
    setDialog('saveAs');
    answer(info('first'));
    expect(await done).toBe(true);
    expect(useProjectStore.getState().dialog).toBe('saveAs');
  });
});
