/** Importances scaled to sum to 1; all zeros when the model never split. */
export function normalise(gain: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < gain.length; i++) total += gain[i]!;
  return total > 0 ? gain.map((g) => g / total) : new Float64Array(gain.length);
}
