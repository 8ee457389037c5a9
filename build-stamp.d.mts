// Types of build-stamp.mjs for the TypeScript test that checks it (main/host/build-stamp.test.ts).
export interface TargetStamp {
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: readonly string[];
}
export const buildInputs: readonly string[];
export function readStamps(stampFile: string): Record<string, TargetStamp>;
export function stampFor(root: string, inputs: readonly string[], outputs: readonly string[]): TargetStamp;
export function staleReason(root: string, stamp: TargetStamp | undefined): string | null;
export function writeStamps(stampFile: string, targets: Readonly<Record<string, TargetStamp>>): void;
