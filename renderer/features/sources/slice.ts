import { create } from 'zustand';
import type { ConnectionInfo, ConnectionTest, HttpPreview, SourcePreview, SourceState, TableEntry } from '../../../preload/contract/sources';
import { emptyApiDraft, emptyConnDraft, type ApiDraft, type ConnDraft } from './form';
import type { StepChoices } from './steps';

export interface SourcesState {
  readonly connections: readonly ConnectionInfo[];
  /** The connection being browsed (and edited); null while a new one is drafted. */
  readonly selectedId: number | null;
  readonly draft: ConnDraft;
  readonly test: ConnectionTest | null;
  readonly testing: boolean;
  readonly tables: readonly TableEntry[];
  /** A table name, or null when the SQL query box is used. */
  readonly table: string | null;
  readonly query: string;
  readonly preview: SourcePreview | null;
  readonly importName: string;
  readonly watermark: string;
  readonly key: string;
  /** Schema, rules and recipe for the table or query's import. */
  readonly dbSteps: StepChoices;
  readonly api: ApiDraft;
  /** Schema, rules and recipe for the API pull. */
  readonly apiSteps: StepChoices;
  readonly apiPreview: HttpPreview | null;
  readonly states: readonly SourceState[];
  /** The last import/pull started here; progress comes from the jobs slice. */
  readonly jobId: string | null;
  /** The last API pull started here. */
  readonly apiJobId: string | null;
  readonly busy: boolean;
  readonly error: string | null;
}

export const emptySources: SourcesState = {
  connections: [],
  selectedId: null,
  draft: emptyConnDraft,
  test: null,
  testing: false,
  tables: [],
  table: null,
  query: '',
  preview: null,
  importName: '',
  watermark: '',
  key: '',
  dbSteps: {},
  api: emptyApiDraft,
  apiSteps: {},
  apiPreview: null,
  states: [],
  jobId: null,
  apiJobId: null,
  busy: false,
  error: null,
};

export const useSourcesStore = create<SourcesState>()(() => emptySources);

export function setSources(patch: Partial<SourcesState>): void {
  useSourcesStore.setState(patch);
}

export function editConnDraft(patch: Partial<ConnDraft>): void {
  useSourcesStore.setState((s) => ({ draft: { ...s.draft, ...patch }, test: null, error: null }));
}

export function editApiDraft(patch: Partial<ApiDraft>): void {
  // Another URL is another source: its steps start over.
  useSourcesStore.setState((s) => ({ api: { ...s.api, ...patch }, error: null, ...(patch.url !== undefined && patch.url !== s.api.url ? { apiSteps: {} } : {}) }));
}

export function setSourceStates(states: readonly SourceState[]): void {
  useSourcesStore.setState({ states });
}

export function resetSources(): void {
  useSourcesStore.setState(emptySources);
}
