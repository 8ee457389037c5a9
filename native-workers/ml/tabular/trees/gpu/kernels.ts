/**
 * WGSL compute shaders for boosting on a GPU, one thread per row:
 * - HISTOGRAM_WGSL adds each active row's gradient pair into its node's bins for every feature, in
 *   64-bit fixed point (fixed-point.ts) with 32-bit atomics, carrying from the low word into the high
 *   one, so the sums are exact whatever order threads run in; it also counts each node's rows.
 * - privateHistogramWgsl does the same with fewer global atomics where a pass's nodes × one feature's
 *   bins fit workgroup memory: a workgroup sums its tile of rows there, feature by feature, and adds
 *   each non-zero bin to the global histogram once. Integer sums are exact in any order, so both
 *   kernels give the same histograms to the bit.
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
  // The most bins of one feature (privateHistogramWgsl's stride per node).
  featureBins: u32,
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

/** Rows each thread of privateHistogramWgsl sums (a workgroup's tile is WORKGROUP times this). */
export const TILE_ROWS = 16;

/**
 * The privatized histogram kernel for `localWords` u32 of workgroup memory (4 per bin: g and h as
 * 64-bit fixed point), dispatched over tiles of WORKGROUP · TILE_ROWS rows. Needs binOffset to hold
 * cols + 1 entries and P.slotCount · P.featureBins · 4 ≤ localWords (the driver checks).
 */
export function privateHistogramWgsl(localWords: number): string {
  return /* wgsl */ `${COMMON}
@group(0) @binding(2) var<storage, read> gh: array<u32>;
@group(0) @binding(3) var<storage, read> rowNode: array<i32>;
@group(0) @binding(4) var<storage, read> slotOf: array<i32>;
@group(0) @binding(5) var<storage, read> binOffset: array<u32>;
@group(0) @binding(6) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read_write> counts: array<atomic<u32>>;

var<workgroup> local: array<atomic<u32>, ${localWords}>;

fn add64(i: u32, lo: u32, hi: u32) {
  let old = atomicAdd(&hist[i], lo);
  let carry = select(0u, 1u, old + lo < old);
  atomicAdd(&hist[i + 1u], hi + carry);
}

fn addLocal(i: u32, lo: u32, hi: u32) {
  let old = atomicAdd(&local[i], lo);
  let carry = select(0u, 1u, old + lo < old);
  atomicAdd(&local[i + 1u], hi + carry);
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let first = (wg.x + wg.y * nwg.x) * ${WORKGROUP * TILE_ROWS}u;
  // This thread's rows: their slot (-1: not in this pass) and gradient pair, read once for all features.
  var slots: array<i32, ${TILE_ROWS}>;
  var pairs: array<vec4<u32>, ${TILE_ROWS}>;
  for (var k = 0u; k < ${TILE_ROWS}u; k = k + 1u) {
    let r = first + k * ${WORKGROUP}u + lid.x;
    slots[k] = -1;
    if (r < P.n) {
      let node = rowNode[r];
      if (node >= 0) {
        let s = slotOf[node];
        if (s >= i32(P.slotBase) && s < i32(P.slotBase + P.slotCount)) {
          slots[k] = s - i32(P.slotBase);
          atomicAdd(&counts[u32(slots[k])], 1u);
          pairs[k] = vec4<u32>(gh[r * 4u], gh[r * 4u + 1u], gh[r * 4u + 2u], gh[r * 4u + 3u]);
        }
      }
    }
  }
  let used = P.slotCount * P.featureBins * 4u;
  for (var f = 0u; f < P.cols; f = f + 1u) {
    for (var i = lid.x; i < used; i = i + ${WORKGROUP}u) { atomicStore(&local[i], 0u); }
    workgroupBarrier();
    for (var k = 0u; k < ${TILE_ROWS}u; k = k + 1u) {
      if (slots[k] >= 0) {
        let at = (u32(slots[k]) * P.featureBins + code(first + k * ${WORKGROUP}u + lid.x, f)) * 4u;
        addLocal(at, pairs[k].x, pairs[k].y);
        addLocal(at + 2u, pairs[k].z, pairs[k].w);
      }
    }
    workgroupBarrier();
    let bins = binOffset[f + 1u] - binOffset[f];
    for (var i = lid.x; i < P.slotCount * bins; i = i + ${WORKGROUP}u) {
      let slot = i / bins;
      let at = (slot * P.featureBins + i % bins) * 4u;
      let glo = atomicLoad(&local[at]);
      let ghi = atomicLoad(&local[at + 1u]);
      let hlo = atomicLoad(&local[at + 2u]);
      let hhi = atomicLoad(&local[at + 3u]);
      if ((glo | ghi | hlo | hhi) != 0u) {
        let to = (slot * P.totalBins + binOffset[f] + i % bins) * 4u;
        add64(to, glo, ghi);
        add64(to + 2u, hlo, hhi);
      }
    }
    workgroupBarrier();
  }
}
`;
}

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
