import { create } from 'zustand';
import type { DatasetProfile } from '../../../preload/contract';

/** 'loading' while fetched; null when the dataset has no profile yet. */
export type ProfileEntry = DatasetProfile | null | 'loading';

export interface ProfileState {
  readonly byDataset: Readonly<Record<number, ProfileEntry>>;
}

export const emptyProfiles: ProfileState = { byDataset: {} };

export const useProfileStore = create<ProfileState>()(() => emptyProfiles);

export function setProfile(datasetId: number, entry: ProfileEntry): void {
  useProfileStore.setState((s) => ({ byDataset: { ...s.byDataset, [datasetId]: entry } }));
}

export function forgetProfile(datasetId: number): void {
  useProfileStore.setState((s) => {
    const next = { ...s.byDataset };
    delete next[datasetId];
    return { byDataset: next };
  });
}

export function resetProfiles(): void {
  useProfileStore.setState(emptyProfiles);
}

export const useProfileEntry = (datasetId: number | null): ProfileEntry | undefined =>
  useProfileStore((s) => (datasetId === null ? undefined : s.byDataset[datasetId]));
