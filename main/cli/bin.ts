// The `assay` executable (package.json "bin"): kept apart from assay.ts so that
// importing the CLI (npm start does) never runs it.
import { main } from './assay';

void main(process.argv.slice(2)).then((code) => {
  // `serve` keeps running until interrupted; everything else ends with its code.
  if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
  // serve-model returns once stopped by a signal, its log flushed: nothing left to wait for.
  if (process.argv[2] === 'serve-model' || process.argv[2] === 'serve-recs') process.exit(code);
});
