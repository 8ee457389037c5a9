/**
 * The sandboxed preload: exposes `window.assay` and nothing else. A sandboxed
 * preload may only require('electron'); build.mjs bundles the rest into it.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createAssayApi, forContextBridge } from './expose';

contextBridge.exposeInMainWorld('assay', forContextBridge(createAssayApi(ipcRenderer, (file) => webUtils.getPathForFile(file))));
