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

// Everywhere: named exports only, and write transactions that take the lock first.
const houseSyntax = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  {
    // The project file is shared by the host, workers and their threads (WAL): a deferred
    // transaction that reads before it writes fails at once (SQLITE_BUSY_SNAPSHOT, no busy
    // wait) when another connection commits in between. IMMEDIATE takes the write lock first.
    selector: "CallExpression[callee.type='CallExpression'][callee.callee.property.name='transaction']",
    message: 'Run write transactions with db.transaction(fn).immediate().',
  },
];

// The data layer (native-workers/project/) alone speaks SQL: everyone else calls its named functions.
const dataLayerOnly = 'Only the data layer (native-workers/project/) speaks SQL: call (or add) a named function there.';
const sqlSyntax = [
  { selector: "CallExpression[callee.property.name='prepare']", message: dataLayerOnly },
  { selector: "CallExpression[callee.property.name='pragma']", message: dataLayerOnly },
  // RegExp#exec is fine; SQL reaches exec as a string or template literal, or on a connection.
  { selector: "CallExpression[callee.property.name='exec']:not([callee.object.regex])[arguments.0.type=/^(Literal|TemplateLiteral)$/]", message: dataLayerOnly },
  { selector: "CallExpression[callee.property.name='exec'][callee.object.name=/^(db|database|conn|connection)$/]", message: dataLayerOnly },
  { selector: "CallExpression[callee.property.name='exec'][callee.object.property.name='db']", message: dataLayerOnly },
  { selector: "NewExpression[callee.name='Database']", message: dataLayerOnly },
  // The driver itself, however it is reached (a type-only import included: the data layer exports Db).
  { selector: ":matches(ImportDeclaration, ImportExpression, ExportNamedDeclaration, ExportAllDeclaration)[source.value='better-sqlite3']", message: dataLayerOnly },
  { selector: "TSImportType[source.value='better-sqlite3']", message: dataLayerOnly },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='better-sqlite3']", message: dataLayerOnly },
];
// TensorFlow.js results are read with await (native-workers/ml/tf-read.ts): the webgpu backend cannot read a GPU
// buffer synchronously in Node, so a dataSync that works on wasm throws on the GPU.
const tfSyncRead = [
  { selector: "CallExpression[callee.property.name=/^(dataSync|arraySync|bufferSync)$/]", message: 'Read tensors with await (ml/tf-read.ts readFloats): webgpu has no synchronous read in Node.' },
];
// What the host may use of the workers' code: the protocol, the data layer, the pure ML library and one named face.
const hostFace = {
  regex: 'native-workers/(?!(protocol|host-api)$|project/|ml/)',
  message: 'The host imports from native-workers/ only protocol.ts, project/ (the data layer), ml/ and host-api.ts (add what it runs in-process there).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.stryker-tmp/**', 'reports/**', 'node_modules/**', 'test-results/**', '.cache/**', '**/*.d.ts', 'native-workers/ml/tabular/trees/wasm/kernels.ts', 'native-workers/ml/recs/wasm/score.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...houseSyntax],
    },
  },
  // Everyone reaches the project file only through the data layer, tests and e2e specs included:
  // a test that needs to look inside the file calls (or adds) a named function there (test-only
  // looks live in project/inspect.ts). main/native/ only locates the addon's files; it opens nothing.
  {
    files: ['**/*.{ts,tsx,mts}'],
    ignores: ['native-workers/project/**'],
    rules: { 'no-restricted-syntax': ['error', ...houseSyntax, ...sqlSyntax] },
  },
  // Benches too read a project file through the data layer (bench/lib.mjs loadInspect).
  { files: ['bench/**/*.mjs'], rules: { 'no-restricted-syntax': ['error', ...sqlSyntax] } },
  // Every TensorFlow.js path runs on whichever backend was picked, webgpu included (tests may read synchronously: they run on wasm).
  {
    files: ['native-workers/**/*.ts', 'main/host/serving/**/*.ts'],
    ignores: ['native-workers/project/**', '**/*.test.ts', '**/*-fixtures.ts'],
    rules: { 'no-restricted-syntax': ['error', ...houseSyntax, ...sqlSyntax, ...tfSyncRead] },
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
  // The host runs the same under Electron, `assay serve` and the CLI: no electron, no SQL, workers' code only through its face.
  boundary(['main/**'], { paths: [noElectron], patterns: [{ group: ['**/renderer/**'], message: 'The host does not import the renderer.' }, hostFace] }, ['main/electron/**', 'main/**/*.test.ts']),
  // Tests may drive real worker code and test servers (the project file still only through the data layer).
  boundary(['main/**/*.test.ts'], { paths: [noElectron], patterns: [{ group: ['**/renderer/**'], message: 'The host does not import the renderer.' }] }),
  boundary(['main/electron/**'], { patterns: [{ group: ['**/renderer/**'], message: 'The host does not import the renderer.' }, hostFace] }),
  boundary(['preload/**'], { patterns: [{ group: ['**/main/**', '**/native-workers/**', '**/renderer/**'], message: 'The preload may import only the contract.' }] }, ['preload/contract/**']),
);
