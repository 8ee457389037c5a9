/** Native file dialogs behind the host's `pickPath(purpose)` option. */
import { dialog, type BrowserWindow, type FileFilter, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DialogPurpose } from '../../preload/contract/channels';
import { projectsDir } from '../host/paths';

const projectFilter: FileFilter = { name: 'Assay project', extensions: ['assay'] };
const dataFilters: FileFilter[] = [
  { name: 'Delimited text (CSV, TSV, TXT)', extensions: ['csv', 'tsv', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

/** One filter per export format: the file's extension tells the writer which format to write. */
const exportFilters: Record<'exportCsv' | 'exportParquet' | 'exportArrow', FileFilter> = {
  exportCsv: { name: 'CSV', extensions: ['csv'] },
  exportParquet: { name: 'Parquet', extensions: ['parquet'] },
  exportArrow: { name: 'Arrow IPC', extensions: ['arrow'] },
};

type Plan = { readonly kind: 'save'; readonly options: SaveDialogOptions } | { readonly kind: 'open'; readonly options: OpenDialogOptions };

export function dialogPlan(purpose: DialogPurpose, defaultDir: string = projectsDir()): Plan {
  switch (purpose) {
    case 'newProject':
      return { kind: 'save', options: { title: 'New project', buttonLabel: 'Create', defaultPath: defaultDir, filters: [projectFilter], properties: ['createDirectory', 'showOverwriteConfirmation'] } };
    case 'saveProjectAs':
      return { kind: 'save', options: { title: 'Save project as', defaultPath: defaultDir, filters: [projectFilter], properties: ['createDirectory', 'showOverwriteConfirmation'] } };
    case 'openProject':
      return { kind: 'open', options: { title: 'Open project', defaultPath: defaultDir, filters: [projectFilter], properties: ['openFile'] } };
    case 'importData':
      return { kind: 'open', options: { title: 'Import data', filters: dataFilters, properties: ['openFile'] } };
    case 'exportCsv':
    case 'exportParquet':
    case 'exportArrow': {
      const format = exportFilters[purpose];
      return { kind: 'save', options: { title: 'Export dataset', buttonLabel: 'Export', filters: [format], properties: ['createDirectory', 'showOverwriteConfirmation'] } };
    }
  }
}

/** The dialog is modal to the window when there is one; null means the user cancelled. */
export function createPickPath(parent: () => BrowserWindow | null): (purpose: DialogPurpose) => Promise<string | null> {
  return async (purpose) => {
    const plan = dialogPlan(purpose);
    const win = parent();
    if (plan.kind === 'save') {
      const res = win ? await dialog.showSaveDialog(win, plan.options) : await dialog.showSaveDialog(plan.options);
      return res.canceled || !res.filePath ? null : res.filePath;
    }
    const res = win ? await dialog.showOpenDialog(win, plan.options) : await dialog.showOpenDialog(plan.options);
    return res.canceled ? null : (res.filePaths[0] ?? null);
  };
}
