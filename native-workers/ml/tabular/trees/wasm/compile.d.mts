export const kernelsSource: string;
export function compileKernels(outFile: string): Promise<void>;
