// ESLint flat config: typescript-eslint plus the import boundaries of ARCHITECTURE.md.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noElectron = { name: 'electron', message: 'Only main/electron/ and preload/index.ts may import electron.' };
const nodeOnly = nodeBuiltins.map((name) => ({ name, message: 'This folder must stay free of Node-only imports.' }));

const rendererBoundary = {
  paths: [noElectron, ...nodeOnly],
  patterns: [{ group: ['**/main/**', '**/native-workers/**', '**/preload/index*', '**/preload/expose*'], message: 'The renderer may import only preload/contract.' }],
};
// '../jobs/slice' or '../../features/jobs/slice' from a feature: deeper than the feature's index.
const featureInternals = {
  regex: '^\\.\\./([^./][^/]*|\\.\\./features/[^/]+)/',
  message: "Import another feature through its index (e.g. '../jobs'), not its files; shared components live in renderer/components/.",
};

function boundary(files, { paths = [], patterns = [] }, ignores = []) {
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          // The project file is shared by the host, workers and their threads (WAL): a deferred
          // transaction that reads before it writes fails at once (SQLITE_BUSY_SNAPSHOT, no busy
          // wait) when another connection commits in between. IMMEDIATE takes the write lock first.
          selector: "CallExpression[callee.type='CallExpression'][callee.callee.property.name='transaction']",
          message: 'Run write transactions with db.transaction(fn).immediate().',
        },
      ],
    },
  },
  // Config files are read by tools that want a default export.
  { files: ['*.config.{ts,mts,mjs}', 'renderer/vite.config.mts', 'eslint.config.mjs'], rules: { 'no-restricted-syntax': 'off' } },
  // The renderer talks to the host only through the contract.
  boundary(['renderer/**'], rendererBoundary, ['renderer/vite.config.mts']),
  // A feature uses another only through its index.ts. One rule's options replace, not add to, an
  // earlier config's, so this repeats the renderer's. Tests may borrow another feature's fixtures.
  boundary(['renderer/features/**'], { ...rendererBoundary, patterns: [...rendererBoundary.patterns, featureInternals] }, ['renderer/features/**/*.test.ts']),
  // The contract is pure types and tables, shared by every process.
  boundary(['preload/contract/**'], {
    paths: [noElectron, ...nodeOnly],
    patterns: [{ group: ['**/main/**', '**/native-workers/**', '**/renderer/**', 'react', 'react-dom'], message: 'preload/contract must stay pure.' }],
  }),
  // The ML library is pure computation: no Electron, no Node-only APIs (tests may read files).
  boundary(['native-workers/ml/**'], { paths: [noElectron, ...nodeOnly], patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'ml/ must stay pure.' }] }, ['native-workers/ml/**/*.test.ts']),
  // Worker tests may build their fixtures (project files) with the host's own store.
  boundary(['native-workers/**'], { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'Workers share only the contract and protocol.' }] }, ['native-workers/ml/**', 'native-workers/**/*.test.ts']),
  // The host runs the same under Electron, `assay serve` and the CLI: no electron.
  boundary(['main/**'], { paths: [noElectron], patterns: [{ group: ['**/renderer/**'], message: 'The host does not import the renderer.' }] }, ['main/electron/**']),
  boundary(['preload/**'], { patterns: [{ group: ['**/main/**', '**/native-workers/**', '**/renderer/**'], message: 'The preload may import only the contract.' }] }, ['preload/contract/**']),
);
