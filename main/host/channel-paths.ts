import type { InvokeChannel } from '../../preload/contract/channels';

/**
 * One path a request names. `project`: resolved as project names are (a bare
 * name lands in the projects folder); `serial`: a serial port, which may be a
 * device outside every folder.
 */
export interface PathField {
  readonly field: string;
  readonly value: unknown;
  readonly kind: 'file' | 'project' | 'serial';
}

/** A field of an untrusted payload, or undefined: the payload's shape is not trusted here. */
function at(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const key of keys) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function file(field: string, value: unknown): PathField[] {
  return value === undefined ? [] : [{ field, value, kind: 'file' }];
}

/** Cloud targets and URLs name no local path. */
function localTarget(field: string, value: unknown): PathField[] {
  return typeof value === 'string' && /^(s3|azure|https?):\/\//i.test(value) ? [] : file(field, value);
}

export function secretFile(field: string, secret: unknown): PathField[] {
  return at(secret, 'kind') === 'file' ? file(`${field}.path`, at(secret, 'path')) : [];
}

/** The files a database connection reads: a SQLite file, a CA certificate, a credentials file. */
export function connection(field: string, config: unknown): PathField[] {
  return [
    ...(at(config, 'kind') === 'sqlite' ? file(`${field}.database`, at(config, 'database')) : []),
    ...file(`${field}.ssl.caFile`, at(config, 'ssl', 'caFile')),
    ...secretFile(`${field}.secret`, at(config, 'secret')),
  ];
}

/** The file or device a stream reads. */
export function streamSource(source: unknown): PathField[] {
  const kind = at(source, 'kind');
  if (kind === 'replay') return file('source.path', at(source, 'path'));
  if (kind === 'serial') return [{ field: 'source.path', value: at(source, 'path'), kind: 'serial' }];
  return [];
}

function importSource(req: unknown): PathField[] {
  return at(req, 'source', 'kind') === 'path' ? file('source.path', at(req, 'source', 'path')) : [];
}

const privacyKey = (req: unknown): PathField[] => file('privacy.keyFile', at(req, 'privacy', 'keyFile'));

const backbone = (req: unknown): PathField[] =>
  at(req, 'backbone', 'kind') === 'layers' ? localTarget('backbone.location', at(req, 'backbone', 'location')) : [];

/**
 * Every request field that names a file or folder, per channel: what
 * `assay serve --root` checks. A channel absent here takes no path; a new
 * channel that takes one must be added (channel-paths.test.ts lists them).
 */
const pathFields: Partial<Record<InvokeChannel, (req: unknown) => PathField[]>> = {
  'project:new': (req) => [{ field: 'path', value: at(req, 'path'), kind: 'project' }],
  'project:open': (req) => [{ field: 'path', value: at(req, 'path'), kind: 'project' }],
  'project:saveAs': (req) => [{ field: 'path', value: at(req, 'path'), kind: 'project' }],
  'import:start': (req) => [...importSource(req), ...privacyKey(req)],
  'import:preview': importSource,
  'stream:detect': (req) => streamSource(at(req, 'source')),
  'stream:start': (req) => streamSource(at(req, 'source')),
  'export:start': (req) => localTarget('to', at(req, 'to')),
  'dataset:export': (req) => file('to', at(req, 'to')),
  'export:check': (req) => localTarget('to', at(req, 'to')),
  'privacy:apply': (req) => file('keyFile', at(req, 'keyFile')),
  'privacy:key': (req) => file('keyFile', at(req, 'keyFile')),
  'watch:add': (req) => file('path', at(req, 'path')),
  'source:saveConnection': (req) => connection('config', at(req, 'config')),
  'source:test': (req) => connection('connection', at(req, 'connection')),
  'source:tables': (req) => connection('connection', at(req, 'connection')),
  'source:preview': (req) => connection('connection', at(req, 'connection')),
  'source:import': (req) => [...connection('connection', at(req, 'connection')), ...privacyKey(req)],
  'source:httpPreview': (req) => secretFile('auth.secret', at(req, 'auth', 'secret')),
  'source:httpImport': (req) => [...secretFile('auth.secret', at(req, 'auth', 'secret')), ...privacyKey(req)],
  'images:import': (req) => {
    const kind = at(req, 'source', 'kind');
    return kind === 'folder' || kind === 'csv' ? file('source.path', at(req, 'source', 'path')) : [];
  },
  'images:estimate': backbone,
  'images:train': backbone,
  'images:predict': (req) => {
    const paths = at(req, 'paths');
    return Array.isArray(paths) ? paths.flatMap((p, i) => file(`paths[${i}]`, p)) : file('paths', paths);
  },
  'images:export': (req) => file('folder', at(req, 'folder')),
  // An executor's folders and programs obey --root too: the shared folder, SLURM's commands and config, a node command.
  'compute:set': (req) => {
    const executors = at(req, 'executors');
    return (Array.isArray(executors) ? executors : []).flatMap((e: unknown, i) => [
      ...file(`executors[${i}].sharedDir`, at(e, 'sharedDir')),
      ...file(`executors[${i}].binDir`, at(e, 'binDir')),
      ...file(`executors[${i}].slurmConf`, at(e, 'slurmConf')),
      ...file(`executors[${i}].nodeCommand[0]`, at(e, 'nodeCommand', '0')),
    ]);
  },
};

/** The paths a request names (empty for channels that take none). */
export function pathsIn(channel: InvokeChannel, payload: unknown): PathField[] {
  return pathFields[channel]?.(payload) ?? [];
}

/** Channels that take a path: for the test that keeps this table complete. */
export const channelsWithPaths = Object.keys(pathFields) as InvokeChannel[];
