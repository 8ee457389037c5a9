/**
 * The few WebGPU members the boosting kernels use, typed here: the workers' tsconfig carries no DOM or
 * WebGPU lib, and the device comes from Dawn (runtime/webgpu.ts) or a browser alike.
 */

export interface GpuBufferLike {
  readonly size: number;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

export interface GpuBindGroupLayoutLike {
  readonly label?: string;
}

export interface GpuPipelineLike {
  getBindGroupLayout(index: number): GpuBindGroupLayoutLike;
}

export interface GpuBindGroupLike {
  readonly label?: string;
}

export interface GpuComputePassLike {
  setPipeline(pipeline: GpuPipelineLike): void;
  setBindGroup(index: number, group: GpuBindGroupLike): void;
  dispatchWorkgroups(x: number, y?: number): void;
  end(): void;
}

export interface GpuCommandEncoderLike {
  beginComputePass(): GpuComputePassLike;
  clearBuffer(buffer: GpuBufferLike, offset?: number, size?: number): void;
  copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void;
  finish(): unknown;
}

export interface GpuDeviceLike {
  readonly limits: {
    readonly maxStorageBufferBindingSize: number;
    readonly maxComputeWorkgroupsPerDimension: number;
    readonly maxComputeWorkgroupStorageSize?: number;
  };
  readonly queue: {
    writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBufferView): void;
    submit(commands: unknown[]): void;
  };
  readonly lost?: Promise<{ readonly message: string }>;
  createBuffer(descriptor: { size: number; usage: number }): GpuBufferLike;
  createShaderModule(descriptor: { code: string }): unknown;
  createComputePipeline(descriptor: { layout: 'auto'; compute: { module: unknown; entryPoint: string } }): GpuPipelineLike;
  createBindGroup(descriptor: { layout: GpuBindGroupLayoutLike; entries: { binding: number; resource: { buffer: GpuBufferLike } }[] }): GpuBindGroupLike;
  createCommandEncoder(): GpuCommandEncoderLike;
  pushErrorScope(filter: 'validation' | 'out-of-memory'): void;
  popErrorScope(): Promise<{ readonly message: string } | null>;
  destroy(): void;
}

/** GPUBufferUsage and GPUMapMode flags (the spec's values; the globals exist only once Dawn is loaded). */
export const BufferUsage = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
export const MAP_READ = 0x1;
