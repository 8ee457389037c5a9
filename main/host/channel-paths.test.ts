import { describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../preload/contract/channels';
import { channelsWithPaths, pathsIn } from './channel-paths';

/** Channels whose requests name no file or folder. A new channel goes here or into channel-paths.ts, after a look. */
const takeNoPath = new Set<string>([
  'app:info', 'project:close', 'project:recent', 'dialog:pick',
  'dataset:list', 'dataset:rows', 'dataset:profile', 'dataset:delete', 'import:infer-schema', 'profile:start',
  'job:list', 'job:cancel', 'run:list', 'sensors:ports', 'stream:stop', 'stream:list', 'stream:pipeline', 'stream:history',
  'recording:start', 'recording:stop', 'recording:list', 'recording:export-plan', 'recording:export', 'recording:replay',
  'compute:get', 'train:start', 'train:cancel', 'train:list', 'train:get', 'train:replay', 'train:cancelReplay',
  'serve:models', 'serve:start', 'serve:stop', 'serve:status', 'serve:split', 'serve:swap',
  'registry:list', 'registry:register', 'registry:stage', 'registry:rollback', 'registry:card',
  'monitor:overview', 'monitor:check', 'monitor:rule-add', 'monitor:rule-remove', 'monitor:schedule', 'monitor:report',
  'monitor:retrain', 'monitor:retrain-cancel', 'monitor:retrain-promote', 'monitor:retrains', 'monitor:retrain-settings',

  'registry:list', 'registry:register', 'registry:stage', 'registry:rollback', 'registry:card', 'recs:start', 'recs:list', 'recs:try',
  'rules:get', 'rules:save', 'rules:suggest', 'rules:validate', 'quarantine:list', 'quarantine:fix', 'quarantine:revalidate',
  // recipe:stored takes a source key (a file's name), which is looked up, never opened.
  'recipe:get', 'recipe:preview', 'recipe:stored', 'recipe:previewRows', 'recipe:apply', 'lineage:list', 'privacy:scan',
  'watch:list', 'watch:remove', 'source:connections', 'source:deleteConnection', 'source:storeSecret', 'source:list',
  'source:refresh', 'source:schedule', 'images:sets', 'images:list', 'images:thumbnails', 'images:delete',
  'images:cancel', 'images:runs', 'images:run', 'images:replay', 'images:cancelReplay',
]);

describe('channel paths', () => {
  it('every channel is classed: it takes paths (listed in channel-paths.ts) or none', () => {
    const unclassed = Object.keys(invokeChannels).filter((c) => !takeNoPath.has(c) && !channelsWithPaths.includes(c as InvokeChannel));
    expect(unclassed).toEqual([]);
    expect(channelsWithPaths.filter((c) => takeNoPath.has(c))).toEqual([]);
  });

  it('finds nested paths and leaves URLs and cloud targets out', () => {
    expect(pathsIn('source:import', { connection: { kind: 'sqlite', database: '/d.db', secret: { kind: 'file', path: '/s' } }, privacy: { keyFile: '/k' } }).map((p) => p.value)).toEqual(['/d.db', '/s', '/k']);
    expect(pathsIn('export:start', { to: 's3://b/p' })).toEqual([]);
    expect(pathsIn('images:train', { backbone: { kind: 'layers', location: 'https://x/model.json' } })).toEqual([]);
    expect(pathsIn('images:predict', { paths: ['/a', '/b'] }).map((p) => p.field)).toEqual(['paths[0]', 'paths[1]']);
    expect(pathsIn('import:preview', null)).toEqual([]);
  });
});
