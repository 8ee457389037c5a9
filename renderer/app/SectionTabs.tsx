import { setSection, useSection, type Section } from './section';

const sections: readonly { readonly id: Section; readonly label: string }[] = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'sensors', label: 'Sensors' },
];

/** The project's top-level switch: files you bring in vs. live sources you watch and record. */
export function SectionTabs() {
  const section = useSection();
  return (
    <nav className="tabs section-tabs" role="tablist" aria-label="Project area">
      {sections.map((s) => (
        <button
          key={s.id}
          type="button"
          role="tab"
          aria-selected={section === s.id}
          className={`tab${section === s.id ? ' active' : ''}`}
          data-testid={`section-${s.id}`}
          onClick={() => setSection(s.id)}
        >
          {s.label}
        </button>
      ))}
    </nav>
  );
}
