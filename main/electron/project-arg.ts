/**
 * The project file named on a command line, if any: the last argument ending
 * in .assay that is not a switch. Electron's argv holds the executable (and,
 * unpackaged, the entry script) plus Chromium switches, so position is useless.
 */
export function projectArgument(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i];
    if (arg !== undefined && !arg.startsWith('-') && /\.assay$/i.test(arg)) return arg;
  }
  return null;
}
