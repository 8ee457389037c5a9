import { create } from 'zustand';

/** The project screen's top-level areas. Datasets stays the default so the import flow is unchanged. */
export type Section = 'datasets' | 'sources' | 'sensors' | 'train' | 'recommend' | 'images' | 'models' | 'serve' | 'monitor';

export interface SectionState {
  readonly section: Section;
}

export const emptySection: SectionState = { section: 'datasets' };

export const useSectionStore = create<SectionState>()(() => emptySection);

export function setSection(section: Section): void {
  useSectionStore.setState({ section });
}

export const useSection = (): Section => useSectionStore((s) => s.section);
