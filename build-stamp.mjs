// What build.mjs skips: each target (one esbuild call, or the renderer) is rebuilt only when one
// of the files it was built from changed since the last build, or one of its outputs is gone.
// The inputs are what the bundler itself reported reading (esbuild's metafile, Vite's module
// ids), so a stamp never misses an import; size and mtime are compared, no file is read.
import fs from 'node:fs';
import path from 'node:path';

/** Files whose change rebuilds everything: the build itself and what decides the dependencies. */
export const buildInputs = ['build.mjs', 'build-stamp.mjs', 'package.json', 'package-lock.json'];

function signature(file) {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? `${st.size}:${st.mtimeMs}` : null;
  } catch {
    return null;
  }
}

/** Reads the stamp file; a missing or unreadable one means nothing is known to be fresh. */
export function readStamps(stampFile) {
  try {
    const parsed = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return parsed && typeof parsed === 'object' && parsed.targets ? parsed.targets : {};
  } catch {
    return {};
  }
}

/** A target's record: every input file (relative to root) with its signature, and its outputs. */
export function stampFor(root, inputs, outputs) {
  const files = {};
  for (const rel of new Set([...buildInputs, ...inputs])) {
    const sig = signature(path.resolve(root, rel));
    // Namespaced ids (esbuild's "<define:…>", Vite's virtual modules) are not files.
    if (sig !== null) files[rel] = sig;
  }
  return { inputs: files, outputs: [...new Set(outputs)] };
}

/** Why a target must be rebuilt, or null when every input is as recorded and every output exists. */
export function staleReason(root, stamp) {
  if (!stamp) return 'never built';
  for (const [rel, sig] of Object.entries(stamp.inputs)) if (signature(path.resolve(root, rel)) !== sig) return `${rel} changed`;
  for (const out of stamp.outputs) if (!fs.existsSync(path.resolve(root, out))) return `${out} is missing`;
  return null;
}

export function writeStamps(stampFile, targets) {
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, JSON.stringify({ targets }));
}
