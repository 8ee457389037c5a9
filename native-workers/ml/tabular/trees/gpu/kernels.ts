/**
 * WGSL compute shaders for boosting on a GPU, one thread per row:
 * - HISTOGRAM_WGSL adds each active row's gradient pair into its node's bins for every feature, in
 *   64-bit fixed point (fixed-point.ts) with 32-bit atomics, carrying from the low word into the high
 *   one, so the sums are exact whatever order threads run in; it also counts each node's rows.
 * - PARTITION_WGSL moves each row of a node that was split to the child its bin code routes it to
 *   (codes ≤ the split bin go left, the missing bin follows missingLeft), as grow.ts routes rows.
 * Codes are row-major, four 8-bit codes per u32; a row's node is -1 when it sits out this tree.
 */

/** Threads per workgroup (the same in both shaders and the driver's dispatch). */
export const WORKGROUP = 256;

/** Words per split-table entry: feature (-1: a leaf), bin, missing bin, missingLeft, left child, right child. */
export const SPLIT_WORDS = 6;

/** Uniform block shared by both shaders: eight u32. */
export const PARAM_WORDS = 8;

const COMMON = /* wgsl */ `
struct Params {
  n: u32,
  words: u32,
  cols: u32,
  totalBins: u32,
  slotBase: u32,
  slotCount: u32,
  strideY: u32,
  pad: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> codes: array<u32>;

fn code(r: u32, f: u32) -> u32 {
  return (codes[r * P.words + (f >> 2u)] >> ((f & 3u) * 8u)) & 0xffu;
}

fn rowOf(id: vec3<u32>) -> u32 {
  return id.x + id.y * P.strideY;
}
`;

export const HISTOGRAM_WGSL = /* wgsl */ `${COMMON}
@group(0) @binding(2) var<storage, read> gh: array<u32>;
@group(0) @binding(3) var<storage, read> rowNode: array<i32>;
@group(0) @binding(4) var<storage, read> slotOf: array<i32>;
@group(0) @binding(5) var<storage, read> binOffset: array<u32>;
@group(0) @binding(6) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read_write> counts: array<atomic<u32>>;

// Two's-complement 64-bit add of (lo, hi) at hist[i], hist[i + 1]: the low word's old value tells
// whether this add wrapped it, and that carry goes into the high word with the value's own high part.
fn add64(i: u32, lo: u32, hi: u32) {
  let old = atomicAdd(&hist[i], lo);
  let carry = select(0u, 1u, old + lo < old);
  atomicAdd(&hist[i + 1u], hi + carry);
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let r = rowOf(id);
  if (r >= P.n) { return; }
  let node = rowNode[r];
  if (node < 0) { return; }
  let s = slotOf[node];
  if (s < i32(P.slotBase) || s >= i32(P.slotBase + P.slotCount)) { return; }
  let slot = u32(s) - P.slotBase;
  atomicAdd(&counts[slot], 1u);
  let glo = gh[r * 4u];
  let ghi = gh[r * 4u + 1u];
  let hlo = gh[r * 4u + 2u];
  let hhi = gh[r * 4u + 3u];
  let base = slot * P.totalBins;
  for (var f = 0u; f < P.cols; f = f + 1u) {
    let at = (base + binOffset[f] + code(r, f)) * 4u;
    add64(at, glo, ghi);
    add64(at + 2u, hlo, hhi);
  }
}
`;

export const PARTITION_WGSL = /* wgsl */ `${COMMON}
@group(0) @binding(2) var<storage, read> split: array<i32>;
@group(0) @binding(3) var<storage, read_write> rowNode: array<i32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let r = rowOf(id);
  if (r >= P.n) { return; }
  let node = rowNode[r];
  if (node < 0) { return; }
  let o = u32(node) * ${SPLIT_WORDS}u;
  let f = split[o];
  if (f < 0) { return; }
  let c = i32(code(r, u32(f)));
  var left = c <= split[o + 1u];
  if (c == split[o + 2u]) { left = split[o + 3u] == 1; }
  rowNode[r] = select(split[o + 5u], split[o + 4u], left);
}
`;

/** Workgroups for n rows as (x, y) within the per-dimension limit, and the rows one y step covers. */
export function dispatchGrid(n: number, maxPerDimension: number): { x: number; y: number; strideY: number } {
  const groups = Math.max(1, Math.ceil(n / WORKGROUP));
  const x = Math.min(groups, maxPerDimension);
  return { x, y: Math.ceil(groups / x), strideY: x * WORKGROUP };
}

/** Row-major codes, four per u32 (feature f of row r in byte f & 3 of word r · words + f >> 2). */
export function packCodes(codes: Uint8Array, rows: number, cols: number): { words: number; data: Uint32Array } {
  const words = Math.max(1, (cols + 3) >> 2);
  const data = new Uint32Array(rows * words);
  const bytes = new Uint8Array(data.buffer);
  // Little-endian words on every platform WebGPU runs on: byte f & 3 of a word is code f.
  for (let f = 0; f < cols; f++) {
    const col = f * rows;
    for (let r = 0, o = (f >> 2) * 4 + (f & 3); r < rows; r++, o += words * 4) bytes[o] = codes[col + r]!;
  }
  return { words, data };
}
