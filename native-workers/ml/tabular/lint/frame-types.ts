/**
 * The column shapes the lint and the feature picker read. Identical to
 * `FrameColumn`/`Frame` in ../frame.ts (written alongside), restated here so
 * that this folder does not depend on it; they are structurally the same type.
 */
export type FrameColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'date'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'categorical'; readonly values: readonly (string | null)[] };

export interface Frame {
  readonly rows: number;
  readonly columns: readonly FrameColumn[];
}
