/**
 * The headless `assay` command: the same host as the app, without a window.
 *   assay new FILE.assay
 *   assay import FILE.assay SOURCE [--name NAME] [read options: see import-options.ts] [--schema SCHEMA.json] [--rules rules.json] [--recipe recipe.json] [--append] [--json]
 *   assay info FILE.assay [--json]
 *   assay serve [FILE.assay] [--port N] [--read-only] [--root DIR]... [--host ADDR --allow-remote] [--max-upload-mb N]
 *   assay record FILE.assay (--serial PATH [--baud N] | --mqtt URL --topic T [--qos 0|1] | --replay CSV [--rate HZ])
 *                [--name NAME] [--duration SECONDS] [--label L] [--json]
 *   assay record FILE.assay (--kafka … | --nats … | --redis … | --kinesis …) [--from …] [--json]: see record-platforms.ts
 *   assay export-data FILE.assay DATASET --to OUT.csv|OUT.parquet|OUT.arrow [--json]
 *   assay export-recordings FILE.assay RECORDING_ID... (--name NAME [--rename KEY=NAME]... [--without KEY]... | --list-columns) [--json]
 *   assay train FILE.assay --dataset NAME --target COL [options] [--json]
 *   assay replay FILE.assay RUN_ID [--json]
 *   assay serve-model FILE.assay --model NAME[@VERSION] [--port N] [--canary NAME@VERSION --canary-percent P]
 *   assay register FILE.assay RUN_ID --name NAME [--json]
 *   assay models FILE.assay [--json]
 *   assay promote FILE.assay NAME@VERSION --stage staging|production|none [--json]
 *   assay rollback FILE.assay NAME [--json]
 *   assay export FILE.assay --model NAME[@VERSION] --to DIR|s3://BUCKET/PREFIX|azure://CONTAINER/PREFIX [--json]
 *   assay train-images FILE.assay (--folder DIR | --csv FILE | --set NAME) [--backbone B] [--epochs N] [--fine-tune-blocks N] [--json]
 *   assay predict FILE.assay --run RUN_ID IMAGE... [--json]
 *   assay export-images FILE.assay --run RUN_ID --to DIR [--json]
 *   assay feedback FILE.assay --model NAME CSV --id-column C --label-column L [--json]
 *   assay monitor (check | pull | alerts | performance | report | retrain) FILE.assay --model NAME …
 *   assay train-recs FILE.assay --dataset NAME --user COL --item COL [options] [--json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError, reviveError } from '../../preload/contract/errors';
import { emptyPipeline, type RecordSummary, type StreamSource } from '../../preload/contract/sensors';
import { sourceOpenedLine } from '../../preload/contract/source-opened';
import type { DatasetSummary, ImportResult, ProjectInfo } from '../../preload/contract/types';
import { appVersion } from '../host/version';
import { startServer } from '../serve/server';
import { isLoopback } from '../serve/bind';
import { FileRoots } from '../../native-workers/host-api';
import { projectsDir } from '../host/paths';
import { cliHost, positiveNumber, runImportJob, UsageError } from './common';
import { enrichFromFlag, resolveEnrich, windowFromFlags, windowOptions, windowUsage } from './window-flags';
import { cmdServeModel, serveModelUsage } from './serve-model';
import { cmdImportMovieLens, importMovieLensUsage } from './import-movielens';
import { cmdModels, cmdPromote, cmdRegister, cmdRollback, registryUsage } from './registry';
import { cmdExportRecordings, exportRecordingsUsage } from './export-recordings';
import { cmdReplay, cmdTrain, trainUsage } from './train';
import { cmdExport, exportUsage } from './export';
import { importOptionFlags, importOptionsFrom, importOptionsUsage } from './import-options';
import { schemaFromFlag, schemaOption, schemaUsage } from './import-schema';
import { cmdQuarantine, quarantineUsage, readRulesFile, rulesImportOptions, rulesJsonFields, rulesSummaryText } from './rules';
import { readRecipeFile, recipeJson, recipeText, recipeUsage } from './recipe-flags';
import { typeMisfitsText } from './type-misfits';
import { appendTarget, cmdPrivacy, cmdWatch, watchUsage } from './incremental';
import { cmdImportSource, importSourceUsage, isSourceImport } from './import-source';
import { cmdInfo } from './info';
import { cmdExportData, exportDataUsage } from './export-data';
import { cmdExportImages, cmdPredict, cmdTrainImages, imagesUsage } from './images';
import { cmdTrainRecs, trainRecsUsage } from './train-recs';
import { plural } from '../../preload/contract/plural';
import { cmdFeedback, feedbackUsage } from './feedback';
import { cmdMonitor, monitorUsage } from './monitor';
import { isPlatformSource, platformLabel, sameConsumer } from '../../preload/contract/stream-platforms';
import { avroProtocol, chosenPlatform, platformRecordOptions, platformRecordUsage, platformSource } from './record-platforms';

const usage = `usage:
  assay new FILE.assay
  assay import FILE.assay SOURCE [--name NAME] ${importOptionsUsage} ${schemaUsage} [--rules rules.json] [--recipe recipe.json] [--append] [--json]
${recipeUsage}
${quarantineUsage}
${importSourceUsage}
  assay info FILE.assay [--json]
  assay serve [FILE.assay] [--port N] [--read-only] [--root DIR]... [--host ADDR --allow-remote] [--max-upload-mb N]
      browser mode on 127.0.0.1; --root limits every path the page names to those folders
      (default off loopback: the projects folder); uploads up to --max-upload-mb (default 2048)
  assay record FILE.assay (--serial PATH [--baud N] | --mqtt URL --topic T [--qos 0|1] | --replay CSV [--rate HZ])
               [--name NAME] [--duration SECONDS] [--label L] [--json]
${windowUsage}
      records a live source until Ctrl+C or --duration (a replay also stops at its end);
      says "listening on PATH at N baud" (or "subscribed to …", "replaying …") on stderr once
      the source is open; the MQTT password is read from $ASSAY_MQTT_PASSWORD
${platformRecordUsage}
${exportDataUsage}
${exportRecordingsUsage}
${trainUsage}
${serveModelUsage}
${importMovieLensUsage}
${registryUsage}
${exportUsage}
${watchUsage}
${imagesUsage}
${feedbackUsage}
${monitorUsage}
${trainRecsUsage}`;

async function cmdNew(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('assay new takes one FILE.assay');
  const host = cliHost();
  const info = host.newProject(path.resolve(positionals[0]));
  await host.close();
  process.stdout.write(`created ${info.path}\n`);
}

async function cmdImport(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, json: { type: 'boolean' }, recipe: { type: 'string' }, ...importOptionFlags, ...schemaOption, ...rulesImportOptions, append: { type: 'boolean' } },
  });
  if (positionals.length !== 2) throw new UsageError('assay import takes FILE.assay and SOURCE');
  if (values.append && !values.name) throw new UsageError('--append needs --name DATASET: the dataset to append to');
  const [project, source] = positionals;
  const rules = values.rules === undefined ? undefined : readRulesFile(values.rules);
  const recipe = values.recipe !== undefined ? readRecipeFile(values.recipe) : undefined;
  // A one-shot import exits once its rows are in; the app profiles the dataset when asked.
  const host = cliHost({ profileImports: false });
  try {
    host.openProject(path.resolve(project));
    const db = host.currentProject?.db;
    const result = await runImportJob<ImportResult>(host, () =>
      host.startImport({
        source: { kind: 'path', path: path.resolve(source) },
        ...(values.append && db ? { append: appendTarget(db, values.name) } : values.name ? { name: values.name } : {}),
        options: importOptionsFrom(values),
        ...schemaFromFlag(values.schema),
        ...(rules ? { rules } : {}),
        ...(recipe ? { recipe } : {}),
      }),
    );
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          dataset: result.name,
          datasetId: result.datasetId,
          rowsRead: result.rowsRead,
          rowsStored: result.rowsStored,
          rowsQuarantined: result.rowsQuarantined,
          bytes: result.bytes,
          sha256: result.sha256,
          ...rulesJsonFields(result),
          ...recipeJson(result),
          ...(result.warning ? { warning: result.warning } : {}),
          ...(result.typeMisfits ? { typeMisfits: result.typeMisfits } : {}),
        })}\n`,
      );
    } else {
      process.stdout.write(
        `imported ${plural(result.rowsStored, 'row')} into "${result.name}"` +
          (result.rowsQuarantined > 0 ? ` (${plural(result.rowsQuarantined, 'row')} quarantined)` : '') +
          recipeText(result) +
          '\n' +
          typeMisfitsText(result) +
          rulesSummaryText(result),
      );
    }
  } finally {
    await host.close();
  }
}

async function cmdServe(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'read-only': { type: 'boolean' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      root: { type: 'string', multiple: true },
      'max-upload-mb': { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new UsageError('assay serve takes at most one FILE.assay');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not ${values.port}`);
  const maxUploadMb = positiveNumber('--max-upload-mb', values['max-upload-mb']);
  if (maxUploadMb === 0) throw new UsageError('--max-upload-mb must be above 0');
  const bind = values.host ?? '127.0.0.1';
  if (!isLoopback(bind) && !values['allow-remote']) {
    throw new UsageError(`--host ${bind} is reachable from other machines; add --allow-remote if that is meant (file access is then limited to --root folders, by default ${projectsDir()})`);
  }
  // Off loopback, file access is confined by default: to the projects folder unless --root names others.
  const rootDirs = values.root ?? (isLoopback(bind) ? [] : [projectsDir()]);
  if (values.root === undefined && rootDirs.length > 0) fs.mkdirSync(rootDirs[0] ?? '', { recursive: true });
  const roots = rootDirs.length > 0 ? new FileRoots(rootDirs) : null;
  // Like the app, a project another process writes to is served read-only, saying why.
  const host = cliHost({ rules: { readOnly: values['read-only'] === true, roots }, whenProjectLocked: 'read-only' });
  try {
    if (positionals[0]) {
      const file = path.resolve(positionals[0]);
      roots?.check(file, 'FILE.assay');
      const info = host.openProject(file, values['read-only'] === true);
      if (info.readOnlyReason) process.stderr.write(`assay: ${info.readOnlyReason}\n`);
      // The page offers to reopen it; the terminal says so too.
      host.push.subscribe((channel, payload) => {
        const changed = channel === 'project:changed' ? (payload as ProjectInfo | null) : null;
        if (changed?.writerGone && changed.readOnlyReason) process.stderr.write(`assay: ${changed.readOnlyReason}\n`);
      });
    }
    const server = await startServer({
      host,
      port,
      bind,
      allowRemote: values['allow-remote'] === true,
      ...(maxUploadMb !== undefined ? { maxUploadBytes: Math.floor(maxUploadMb * 1024 * 1024) } : {}),
    });
    process.stdout.write(`${server.url}\n`);
    if (roots) process.stderr.write(`assay: files are limited to ${roots.roots.join(', ')}\n`);
    const shutdown = (): void => {
      void server.close().then(() => host.close()).then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (err) {
    await host.close();
    throw err;
  }
}

function recordSource(values: Record<string, string | string[] | boolean | undefined>): StreamSource {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const chosen = ['serial', 'mqtt', 'replay', 'kafka', 'nats', 'redis', 'kinesis'].filter((k) => str(k) !== undefined);
  if (chosen.length !== 1) throw new UsageError('assay record needs exactly one of --serial, --mqtt, --replay, --kafka, --nats, --redis, --kinesis');
  if (chosenPlatform(values)) return platformSource(values);
  const serial = str('serial');
  const mqtt = str('mqtt');
  const replay = str('replay');
  if (serial !== undefined) {
    const baud = positiveNumber('--baud', str('baud'));
    return { kind: 'serial', path: serial, ...(baud ? { baudRate: baud } : {}) };
  }
  if (mqtt !== undefined) {
    const topic = str('topic');
    if (!topic) throw new UsageError('--mqtt needs --topic');
    const qos = str('qos');
    if (qos !== undefined && qos !== '0' && qos !== '1') throw new UsageError('--qos must be 0 or 1');
    const username = str('username');
    const password = process.env['ASSAY_MQTT_PASSWORD'];
    return {
      kind: 'mqtt',
      url: mqtt,
      topic,
      ...(qos !== undefined ? { qos: qos === '1' ? 1 : 0 } : {}),
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    };
  }
  const rate = positiveNumber('--rate', str('rate'));
  return { kind: 'replay', path: path.resolve(replay ?? ''), ...(rate !== undefined ? { rateHz: rate } : {}) };
}

async function cmdRecord(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      serial: { type: 'string' },
      baud: { type: 'string' },
      mqtt: { type: 'string' },
      topic: { type: 'string' },
      qos: { type: 'string' },
      username: { type: 'string' },
      replay: { type: 'string' },
      rate: { type: 'string' },
      name: { type: 'string' },
      duration: { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean' },
      ...windowOptions,
      ...platformRecordOptions,
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay record takes one FILE.assay');
  const protocol = avroProtocol(values);
  const source = recordSource(values);
  const windowFlags = windowFromFlags(values);
  const enrich = enrichFromFlag(values.enrich);
  const duration = positiveNumber('--duration', values.duration);
  const project = path.resolve(positionals[0]);
  const host = cliHost();
  let streamId: number | null = null;
  let stopping = false;
  let wasReconnecting = false;
  const stop = (): void => {
    // Ctrl+C / SIGTERM stop the stream cleanly: what arrived is stored and the summary still printed.
    stopping = true;
    if (streamId !== null) void host.sensors.stop(streamId);
    else for (const job of host.jobs.list()) host.jobs.cancel(job.id);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    if (fs.existsSync(project)) host.openProject(project);
    else host.newProject(project);
    // The dataset an enrichment joins is looked up by name once the project is open.
    const window = windowFlags && enrich ? { ...windowFlags, enrich: resolveEnrich(enrich, (await host.dispatch('dataset:list', null)) as DatasetSummary[]) } : windowFlags;
    const label = isPlatformSource(source) ? platformLabel(source) : source.kind === 'serial' ? source.path : source.kind === 'mqtt' ? source.topic : path.basename(source.path);
    // The same durable consumer resumes its stored stream: its rows' unique positions make a redelivery store nothing.
    const resumed = isPlatformSource(source) ? host.sensors.list().find((s) => isPlatformSource(s.source) && sameConsumer(s.source, source)) : undefined;
    const started = await host.sensors.start(
      resumed
        ? { streamId: resumed.id, ...('password' in source && source.password !== undefined ? { password: source.password } : {}) }
        : { name: values.name ?? `${source.kind} ${label}${isPlatformSource(source) && source.replay ? ` replay from ${source.from ?? 'earliest'}` : ''}`, source, ...(protocol ? { protocol } : {}), ...(window ? { pipeline: { ...emptyPipeline, windows: [window] } } : {}) },
      {
        ...(values.label !== undefined ? { recordingLabel: values.label } : {}),
        ...(duration ? { durationSeconds: duration } : {}),
        onOpened: () => process.stderr.write(`assay: ${sourceOpenedLine(source)}\n`),
        headless: true,
        // A broker restart, a lost port: said as it happens, with the reason; and when data flows again.
        onState: (state, lastError) => {
          if (state === 'reconnecting') process.stderr.write(`assay: reconnecting: ${lastError ?? 'the connection was lost'}\n`);
          else if (state === 'live' && wasReconnecting) process.stderr.write('assay: live again\n');
          wasReconnecting = state === 'reconnecting';
        },
      },
    );
    streamId = started.streamId;
    if (stopping) void host.sensors.stop(streamId);
    const done = await host.jobs.wait(started.jobId);
    if (done.status !== 'succeeded') throw reviveError(done.error ?? { code: 'CANCELLED', message: 'Recording stopped before it started.' });
    const summary = host.jobs.resultOf(started.jobId) as RecordSummary;
    const out = {
      readings: summary.readings,
      malformed: summary.malformed,
      dropped: summary.dropped,
      gaps: summary.gaps,
      rateHz: Math.round(summary.rateHz * 100) / 100,
      streamId: summary.streamId,
      recordingId: summary.recordingId,
      ...(summary.windowRows !== undefined ? { windowRows: summary.windowRows, late: summary.late ?? 0 } : {}),
      ...(summary.offsets ? { duplicatesSkipped: summary.duplicatesSkipped ?? 0, lag: summary.lag ?? [], offsets: summary.offsets } : {}),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else
      process.stdout.write(
        `recorded ${plural(out.readings, 'reading')} at ${out.rateHz} Hz into stream ${out.streamId}` +
          (out.recordingId !== null ? ` (recording ${out.recordingId})` : '') +
          `; ${out.malformed} malformed, ${out.dropped} dropped, ${out.gaps} gaps` +
          (summary.offsets ? `, ${summary.duplicatesSkipped ?? 0} duplicates skipped; ${summary.offsets.map((o) => `${o.partition} ${o.first}…${o.last}`).join(', ') || 'no offsets'}` : '') +
          (out.windowRows !== undefined ? `; ${plural(out.windowRows, 'window row')} stored, ${out.late} late` : '') +
          '\n',
      );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await host.close();
  }
}

/** A command's exit code: what it returns, else process.exitCode as it left it (replay's 1), else 0. */
const commands: Record<string, (args: string[]) => Promise<number | void>> = {
  new: cmdNew,
  record: cmdRecord,
  'export-recordings': cmdExportRecordings,
  'export-data': cmdExportData,
  // A database or API URL as SOURCE goes to import-source.ts; anything else is a file.
  import: (args) => (isSourceImport(args) ? cmdImportSource(args) : cmdImport(args)),
  info: cmdInfo,
  serve: cmdServe,
  train: cmdTrain,
  replay: cmdReplay,
  'serve-model': cmdServeModel,
  // The same server: a recommender version answers /recommend and /events (#17).
  'serve-recs': cmdServeModel,
  'import-movielens': cmdImportMovieLens,
  register: cmdRegister,
  models: cmdModels,
  promote: cmdPromote,
  rollback: cmdRollback,
  export: cmdExport,
  quarantine: cmdQuarantine,
  watch: cmdWatch,
  privacy: cmdPrivacy,
  'train-images': cmdTrainImages,
  predict: cmdPredict,
  'export-images': cmdExportImages,
  feedback: cmdFeedback,
  monitor: cmdMonitor,
  'train-recs': cmdTrainRecs,
};

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === '--version' || verb === '-v') {
    process.stdout.write(`${appVersion()}\n`);
    return 0;
  }
  const command = verb === undefined ? undefined : commands[verb];
  if (!command || verb === '--help' || verb === '-h') {
    process.stderr.write(`${usage}\n`);
    return verb === '--help' || verb === '-h' ? 0 : 2;
  }
  try {
    const code = await command(rest);
    return typeof code === 'number' ? code : Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`assay: ${err.message}\n${usage}\n`);
      return 2;
    }
    const message = err instanceof AssayError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`assay: ${message.split('\n')[0]}\n`);
    return 1;
  }
}
