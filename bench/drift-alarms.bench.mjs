// False alarms and detection with the default drift verdicts: 100 windows of 1,000 rows drawn
// from the reference distribution (12 columns: normal, log-normal, rounded, categorical), checked
// against a 100,000-row reference (defaults: Wasserstein ÷ std / Jensen–Shannon ≥ 0.1) and a
// 1,000-row one (KS / chi-square at p < 0.05). Reported: the share of windows whose dataset is
// flagged, the share of column checks flagged, and with +0.5σ planted in one column the share of
// windows where that column is flagged and the highest flag rate among the untouched columns.
// Goals: ≤ 5 % of windows flagged without a shift; the shifted column flagged in ≥ 95 %; the
// untouched columns not flagged (their rate no higher than without the shift).
import { round } from './lib.mjs';
import { buildMonitor, loadMonitor, rng } from './drift-lib.mjs';

const windows = 100;
const windowRows = 1000;
const columns = [
  ...Array.from({ length: 10 }, (_, c) => ({ name: `n${c}`, kind: 'numeric' })),
  { name: 'k0', kind: 'categorical' },
  { name: 'k1', kind: 'categorical' },
];

/** One row; `shift` is added to n0 in units of its standard deviation (1). */
function row(r, shift) {
  const out = new Array(columns.length);
  for (let c = 0; c < 10; c++) {
    const z = r.normal();
    out[c] = c % 3 === 0 ? z : c % 3 === 1 ? Math.exp(z / 2) : Math.round(z * 4);
  }
  out[0] += shift;
  out[10] = ['a', 'b', 'c', 'd'][Math.min(3, Math.floor(-Math.log(1 - r.next()) * 1.2))];
  out[11] = `v${Math.floor(r.next() * 8)}`;
  return out;
}

function summarise(m, r, rows, shift, against) {
  const s = new m.WindowSummarizer(columns, null, against ? { against } : { cap: m.REFERENCE_CAP });
  for (let i = 0; i < rows; i++) s.add(row(r, shift));
  return s.result();
}

function rates(m, reference, shift, seed) {
  const r = rng(seed);
  let datasets = 0;
  let checks = 0;
  let flagged = 0;
  let shifted = 0;
  const perColumn = new Map(columns.map((c) => [c.name, 0]));
  for (let w = 0; w < windows; w++) {
    const report = m.checkDrift(reference, summarise(m, r, windowRows, shift, reference));
    if (report.datasetDrift) datasets++;
    for (const [name, c] of Object.entries(report.columns)) {
      checks++;
      if (c.drift) {
        flagged++;
        perColumn.set(name, perColumn.get(name) + 1);
      }
    }
    if (report.columns.n0.drift) shifted++;
  }
  const untouched = Math.max(...[...perColumn].filter(([n]) => n !== 'n0').map(([, v]) => v)) / windows;
  return { datasetFlagged: round(datasets / windows, 3), columnChecksFlagged: round(flagged / checks, 4), n0Flagged: round(shifted / windows, 3), worstUntouchedColumn: round(untouched, 3) };
}

await buildMonitor();
const m = await loadMonitor();
const result = { bench: 'drift-alarms', windows, windowRows };
for (const [label, rows] of [['reference100k', 100_000], ['reference1k', 1000]]) {
  const reference = summarise(m, rng(rows === 1000 ? 7 : 5), rows, 0);
  const method = Object.values(m.checkDrift(reference, reference).columns).map((c) => c.method);
  result[label] = {
    methods: [...new Set(method)],
    noShift: rates(m, reference, 0, 11),
    shift05sd: rates(m, reference, 0.5, 11),
  };
}
console.log(JSON.stringify(result));
