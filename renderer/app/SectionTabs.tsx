import { setSection, useSection, type Section } from './section';
import { TabBar } from '../components/TabBar';

const sections: readonly { readonly id: Section; readonly label: string }[] = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'sources', label: 'Sources' },
  { id: 'sensors', label: 'Sensors' },
  { id: 'train', label: 'Train' },
  { id: 'recommend', label: 'Recommend' },
  { id: 'images', label: 'Images' },
  { id: 'models', label: 'Models' },
  { id: 'serve', label: 'Serve' },
  { id: 'monitor', label: 'Monitor' },
];

/** The project's top-level switch: files you bring in, live sources you watch and record, models you train and serve. */
export function SectionTabs() {
  const section = useSection();
  return <TabBar items={sections} value={section} onChange={setSection} testIdPrefix="section-" className="section-tabs" label="Project area" />;
}
