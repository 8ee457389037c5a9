import type { DatasetSummary, JobInfo, LiveFrame, ProjectInfo, StreamStatus } from '../../preload/contract';
import { getTransport } from '../lib/client';
import { isOwnJob, loadDatasets, onJobSucceeded } from '../features/datasets/actions';
import { resetDatasets, setDatasets } from '../features/datasets/slice';
import { loadJobs } from '../features/jobs/actions';
import { addJobLog, hideJob, isFinished, setJobProgress, upsertJob, useJobsStore } from '../features/jobs/slice';
import { forgetProfile, resetProfiles, useProfileStore } from '../features/profile/slice';
import { loadAppInfo, loadRecent, runCommand } from '../features/project/actions';
import { setBackend, setConnection, setProject, useProjectStore } from '../features/project/slice';
import { loadRecordings, loadSensors, loadStreams } from '../features/sensors/actions';
import { ingestFrame, resetBuffers } from '../features/sensors/live-buffer';
import { resetSensors, setPorts, setSeriesNames, setStatus, useSensorsStore } from '../features/sensors/slice';
import { reportError } from '../features/toasts/slice';
import { loadServing } from '../features/serving/actions';
import { addStats, resetServing, servableFrom, setServableModels, setServers } from '../features/serving/slice';
import { loadModels } from '../features/models/actions';
import { resetModels, setModels } from '../features/models/slice';
import { loadRuns } from '../features/train/actions';
import { resetReplays, setReplayProgress } from '../features/train/replay';
import { resetTrain, upsertRun } from '../features/train/slice';
import { resetLineage } from '../features/lineage/slice';
import { resetPrivacy } from '../features/privacy/slice';
import { loadWatch, resetWatch, setWatchFolders } from '../features/watch/slice';
import { resetSources, setSourceStates } from '../features/sources/slice';
import { setSection, useSectionStore } from './section';
import { loadImages } from '../features/images/actions';
import { resetImages, setSets, upsertImageRun } from '../features/images/slice';
import { onRetrain, onRetrainRun } from '../features/monitoring';

/** Everything the app shows, fetched fresh: at start and after every reconnect (e.g. a host restart). */
async function loadAll(): Promise<void> {
  try {
    await Promise.all([loadAppInfo(), loadDatasets(), loadJobs(), loadRecent()]);
    const section = useSectionStore.getState().section;
    if (useProjectStore.getState().project && section === 'sensors') await loadSensors();
    if (useProjectStore.getState().project && section === 'train') await loadRuns();
    if (useProjectStore.getState().project && section === 'serve') await loadServing();
    if (useProjectStore.getState().project && section === 'images') await loadImages();
    if (useProjectStore.getState().project && section === 'models') await Promise.all([loadModels(), loadRuns()]);
  } catch (err) {
    reportError(err);
  }
}

/** A job that succeeded leaves the panel by itself after a while; failures and cancels stay until dismissed. */
const doneJobLingerMs = 8000;

function onJobUpdate(job: JobInfo): void {
  const prev = useJobsStore.getState().byId[job.id];
  upsertJob(job);
  if (job.status === 'succeeded' && prev?.status !== 'succeeded') setTimeout(() => hideJob(job.id), doneJobLingerMs);
  // A reload that re-attached to a running import still shows its dataset; a profile's result is shown.
  if (job.status === 'succeeded' && (isOwnJob(job.id) || (prev !== undefined && !isFinished(prev)))) void onJobSucceeded(job);
}

function onProjectChanged(project: ProjectInfo | null): void {
  const before = useProjectStore.getState().project;
  setProject(project);
  if (before?.path !== project?.path) {
    resetDatasets();
    resetProfiles();
    resetSensors();
    resetBuffers();
    resetTrain();
    resetReplays();
    resetServing();
    resetModels();
    resetLineage();
    resetPrivacy();
    resetWatch();
    if (project) void loadWatch();
    resetSources();
    resetImages();
    setSection('datasets');
  }
  if (!project) void loadRecent().catch(reportError);
}

function onDatasetsChanged(list: readonly DatasetSummary[]): void {
  const profiles = useProfileStore.getState().byDataset;
  // A dataset that gained a profile is fetched again by the Profile tab.
  for (const d of list) if (d.hasProfile && profiles[d.id] === null) forgetProfile(d.id);
  setDatasets(list);
}

/** Points go to the non-React live buffer; the store only hears when the set of plotted series changes. */
function onFrame(frame: LiveFrame): void {
  const { newSeries, names } = ingestFrame(frame);
  if (newSeries) setSeriesNames(frame.streamId, names);
}

function onStreamStatus(status: StreamStatus): void {
  const { unknown, stateChanged, recordingChanged } = setStatus(status);
  // The list carries reading counts and job ids; refresh it on the rare state changes, not every second.
  if (unknown || stateChanged) void loadStreams().catch(reportError);
  if (recordingChanged && useSensorsStore.getState().selectedId === status.streamId) void loadRecordings(status.streamId).catch(reportError);
}

/** The one place that listens to the host: pushes and connection changes go into the store. */
export function startBridge(): () => void {
  const transport = getTransport();
  const { api } = transport;
  if (transport.kind === 'electron') setConnection('open');
  const offs = [
    api.on('job:progress', ({ jobId, progress }) => setJobProgress(jobId, progress)),
    api.on('job:update', onJobUpdate),
    api.on('job:log', ({ jobId, line }) => addJobLog(jobId, line)),
    api.on('project:changed', onProjectChanged),
    api.on('datasets:changed', onDatasetsChanged),
    api.on('menu:command', ({ command }) => void runCommand(command)),
    api.on('app:backend', setBackend),
    api.on('stream:frame', onFrame),
    api.on('stream:status', onStreamStatus),
    api.on('sensors:ports', setPorts),
    // A run started, a fold ended, the run ended; the run view fetches plots once a run has ended.
    api.on('train:update', (run) => {
      void upsertRun(run);
      onRetrainRun(run);
    }),
    api.on('train:replayProgress', setReplayProgress),
    // Model servers: the list on start/stop/swap/split, traffic once a second for the live plot.
    api.on('serve:status', setServers),
    api.on('watch:changed', setWatchFolders),
    api.on('serve:stats', addStats),
    api.on('sources:changed', setSourceStates),
    api.on('registry:changed', (list) => {
      setModels(list);
      setServableModels(servableFrom(list));
    }),
    api.on('images:sets', setSets),
    api.on('images:run', upsertImageRun),
    api.on('monitor:retrain', onRetrain),
    transport.onConnection((state, reconnected) => {
      setConnection(state);
      if (state === 'open' && reconnected) void loadAll();
    }),
  ];
  void loadAll();
  return () => {
    for (const off of offs) off();
  };
}
