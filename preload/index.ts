// placeholder: replaced by the Electron preload
export const placeholder = true;
