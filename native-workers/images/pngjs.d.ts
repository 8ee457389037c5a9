// pngjs ships no types; the parts Assay uses (sync read and write).
declare module 'pngjs' {
  interface PngData {
    width: number;
    height: number;
    depth: number;
    colorType: number;
    data: Buffer;
  }
  interface PngWriteOptions {
    width: number;
    height: number;
    colorType?: number;
    inputColorType?: number;
    bitDepth?: 8 | 16;
    inputHasAlpha?: boolean;
  }
  export const PNG: {
    sync: {
      read(buffer: Buffer, options?: { skipRescale?: boolean }): PngData;
      write(png: { width: number; height: number; data: Buffer }, options?: Partial<PngWriteOptions>): Buffer;
    };
  };
}
