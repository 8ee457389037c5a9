import { create } from 'zustand';
import type { RecordingInfo, SerialPortInfo, StreamStatus, StreamSummary } from '../../../preload/contract';

export type StreamTab = 'live' | 'pipeline' | 'windows' | 'recordings';

/** Window choices of the live view, in ms. */
export const windowChoices = [
  { ms: 30_000, label: '30 s' },
  { ms: 120_000, label: '2 min' },
  { ms: 600_000, label: '10 min' },
] as const;

/** How the live view looks at time; the points themselves live in live-buffer.ts, outside React. */
export interface LiveViewState {
  readonly windowMs: number;
  readonly paused: boolean;
  /** While paused: the right edge of the view (host ms). Starts at the newest point; moved by "back 1 min". */
  readonly viewEnd: number | null;
  /** The newest point when Pause was pressed: the view never goes later than this until resumed. */
  readonly pausedAt: number | null;
  readonly historyLoading: boolean;
}

export interface SensorsState {
  readonly ports: readonly SerialPortInfo[];
  readonly streams: readonly StreamSummary[];
  /** Latest stream:status push per stream (fresher than StreamSummary.status). */
  readonly statusById: Readonly<Record<number, StreamStatus>>;
  /** null: the "new stream" form. */
  readonly selectedId: number | null;
  readonly tab: StreamTab;
  readonly recordings: readonly RecordingInfo[];
  /** Series names seen in live frames, per stream: the plots to show. Changes rarely (a pipeline edit). */
  readonly seriesById: Readonly<Record<number, readonly string[]>>;
  readonly live: LiveViewState;
}

export const emptyLive: LiveViewState = { windowMs: 30_000, paused: false, viewEnd: null, pausedAt: null, historyLoading: false };

export const emptySensors: SensorsState = {
  ports: [],
  streams: [],
  statusById: {},
  selectedId: null,
  tab: 'live',
  recordings: [],
  seriesById: {},
  live: emptyLive,
};

export const useSensorsStore = create<SensorsState>()(() => emptySensors);

export function setPorts(ports: readonly SerialPortInfo[]): void {
  useSensorsStore.setState({ ports });
}

export function setStreams(streams: readonly StreamSummary[]): void {
  useSensorsStore.setState((s) => {
    const statusById = { ...s.statusById };
    // A listed status is only newer than a pushed one when the push is missing.
    for (const st of streams) if (st.status && !statusById[st.id]) statusById[st.id] = st.status;
    return { streams, statusById };
  });
}

/** Returns whether the stream was unknown or its state changed, so the caller can refresh the list. */
export function setStatus(status: StreamStatus): { readonly unknown: boolean; readonly stateChanged: boolean; readonly recordingChanged: boolean } {
  const s = useSensorsStore.getState();
  const prev = s.statusById[status.streamId];
  useSensorsStore.setState({ statusById: { ...s.statusById, [status.streamId]: status } });
  return {
    unknown: !s.streams.some((st) => st.id === status.streamId),
    stateChanged: prev?.state !== status.state,
    recordingChanged: (prev?.recordingId ?? null) !== status.recordingId,
  };
}

export function selectStream(selectedId: number | null): void {
  useSensorsStore.setState((s) => (s.selectedId === selectedId ? s : { selectedId, recordings: [], live: { ...emptyLive, windowMs: s.live.windowMs } }));
}

export function setStreamTab(tab: StreamTab): void {
  useSensorsStore.setState({ tab });
}

export function setRecordings(recordings: readonly RecordingInfo[]): void {
  useSensorsStore.setState({ recordings });
}

export function setSeriesNames(streamId: number, names: readonly string[]): void {
  useSensorsStore.setState((s) => ({ seriesById: { ...s.seriesById, [streamId]: names } }));
}

export function setWindow(windowMs: number): void {
  useSensorsStore.setState((s) => ({ live: { ...s.live, windowMs } }));
}

/** Freezes the view at `newest`; data keeps arriving into the buffer underneath. */
export function pauseLive(newest: number | null): void {
  useSensorsStore.setState((s) => ({ live: { ...s.live, paused: true, pausedAt: newest, viewEnd: newest } }));
}

export function resumeLive(): void {
  useSensorsStore.setState((s) => ({ live: { ...s.live, paused: false, pausedAt: null, viewEnd: null, historyLoading: false } }));
}

export function setViewEnd(viewEnd: number): void {
  useSensorsStore.setState((s) => ({ live: { ...s.live, viewEnd } }));
}

export function setHistoryLoading(historyLoading: boolean): void {
  useSensorsStore.setState((s) => ({ live: { ...s.live, historyLoading } }));
}

export function resetSensors(): void {
  useSensorsStore.setState(emptySensors);
}

export const usePorts = (): readonly SerialPortInfo[] => useSensorsStore((s) => s.ports);
export const useStreams = (): readonly StreamSummary[] => useSensorsStore((s) => s.streams);
export const useSelectedStreamId = (): number | null => useSensorsStore((s) => s.selectedId);
export const useSelectedStream = (): StreamSummary | null =>
  useSensorsStore((s) => s.streams.find((st) => st.id === s.selectedId) ?? null);
export const useStreamStatus = (streamId: number): StreamStatus | null => useSensorsStore((s) => s.statusById[streamId] ?? null);
export const useStreamTab = (): StreamTab => useSensorsStore((s) => s.tab);
export const useRecordings = (): readonly RecordingInfo[] => useSensorsStore((s) => s.recordings);
const noNames: readonly string[] = [];
export const useSeriesNames = (streamId: number): readonly string[] => useSensorsStore((s) => s.seriesById[streamId] ?? noNames);
export const useLiveView = (): LiveViewState => useSensorsStore((s) => s.live);
