// AssemblyScript (compiled by `node build-kernels.mjs --recs` into ../score-kernel-bytes.ts, which
// is committed; not part of the TS projects): serving's first, approximate pass over a factor
// model's items (../rank-factors.ts), in float32 with SIMD. Four items per step, one f32x4
// accumulator each, so four independent add chains overlap. rank-factors.ts bounds this sum's
// error from its shape: each lane adds f/4 products, then two adds join the lanes, then the
// f % 4 tail; its exact rescoring makes the final answer independent of this pass.

// @ts-ignore: decorator
@inline function lanes(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline function tail(u: usize, row: usize, f4: i32, f: i32): f32 {
  let s: f32 = 0;
  for (let a = f4; a < f; a++) s += load<f32>(u + (<usize>a << 2)) * load<f32>(row + (<usize>a << 2));
  return s;
}

/**
 * out[j] = Σ_a u[a]·y[j·f + a] for j < n, all float32: u at `u` (f floats), y at `y` (n·f
 * floats, row-major), out at `out` (n floats). Addresses are byte offsets in the memory.
 */
export function score(u: usize, y: usize, f: i32, n: i32, out: usize): void {
  const f4 = f & ~3;
  const rowBytes = <usize>f << 2;
  const vecBytes = <usize>f4 << 2;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const r0 = y + <usize>j * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let s3 = f32x4.splat(0);
    for (let o: usize = 0; o < vecBytes; o += 16) {
      const uv = v128.load(u + o);
      s0 = f32x4.add(s0, f32x4.mul(uv, v128.load(r0 + o)));
      s1 = f32x4.add(s1, f32x4.mul(uv, v128.load(r1 + o)));
      s2 = f32x4.add(s2, f32x4.mul(uv, v128.load(r2 + o)));
      s3 = f32x4.add(s3, f32x4.mul(uv, v128.load(r3 + o)));
    }
    const o = out + (<usize>j << 2);
    store<f32>(o, lanes(s0) + tail(u, r0, f4, f));
    store<f32>(o, lanes(s1) + tail(u, r1, f4, f), 4);
    store<f32>(o, lanes(s2) + tail(u, r2, f4, f), 8);
    store<f32>(o, lanes(s3) + tail(u, r3, f4, f), 12);
  }
  for (; j < n; j++) {
    const r = y + <usize>j * rowBytes;
    let s = f32x4.splat(0);
    for (let o: usize = 0; o < vecBytes; o += 16) s = f32x4.add(s, f32x4.mul(v128.load(u + o), v128.load(r + o)));
    store<f32>(out + (<usize>j << 2), lanes(s) + tail(u, r, f4, f));
  }
}
