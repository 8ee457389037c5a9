// placeholder: replaced by the Electron shell
export const placeholder = true;
