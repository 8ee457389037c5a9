import { DataGrid } from '../features/grid/DataGrid';
import { DatasetList } from '../features/datasets/DatasetList';
import { setTab, useSelectedDataset, useTab } from '../features/datasets/slice';
import { JobsPanel } from '../features/jobs/JobsPanel';
import { ProfileView } from '../features/profile/ProfileView';
import { TopBar } from '../features/project/TopBar';
import { useReadOnly } from '../features/project/slice';
import { ImagesScreen } from '../features/images/ImagesScreen';
import { ModelsScreen } from '../features/models/ModelsScreen';
import { SensorsScreen } from '../features/sensors/SensorsScreen';
import { ServeScreen } from '../features/serving/ServeScreen';
import { TrainScreen } from '../features/train/TrainScreen';
import { SectionTabs } from './SectionTabs';
import { useSection } from './section';
import { TabBar } from '../components/TabBar';

const datasetTabs = [
  { id: 'data', label: 'Data' },
  { id: 'profile', label: 'Profile' },
] as const;

export function ProjectScreen() {
  const dataset = useSelectedDataset();
  const tab = useTab();
  const readOnly = useReadOnly();
  const section = useSection();
  return (
    <div className="project-screen" data-testid="project-screen">
      <TopBar>
        <SectionTabs />
      </TopBar>
      {section === 'sensors' ? (
        <SensorsScreen />
      ) : section === 'train' ? (
        <TrainScreen />
      ) : section === 'images' ? (
        <ImagesScreen />
      ) : section === 'serve' ? (
        <ServeScreen />
      ) : section === 'models' ? (
        <ModelsScreen />
      ) : (
      <div className="workspace">
        <DatasetList />
        <main className="main">
          {dataset ? (
            <>
              <div className="dataset-head">
                <div>
                  <h1 data-testid="dataset-title">{dataset.name}</h1>
                  <p className="muted">
                    {dataset.rowCount.toLocaleString('en-US')} rows × {dataset.columns.length} columns
                    {dataset.quarantinedCount > 0 ? ` · ${dataset.quarantinedCount.toLocaleString('en-US')} rows quarantined` : ''} ·{' '}
                    <span title={dataset.source}>{dataset.source.replace(/^upload:/, '')}</span>
                  </p>
                </div>
                <TabBar items={datasetTabs} value={tab} onChange={setTab} testIdPrefix="tab-" />
              </div>
              <div className="tab-body">
                {tab === 'data' ? <DataGrid key={dataset.id} dataset={dataset} /> : <ProfileView key={dataset.id} dataset={dataset} />}
              </div>
            </>
          ) : (
            <div className="empty-state big" data-testid="no-dataset">
              <div className="drop-icon" aria-hidden="true">
                ⤓
              </div>
              <h2>{readOnly ? 'Nothing to show' : 'Drop a CSV file anywhere to import it'}</h2>
              <p className="muted">{readOnly ? 'This project holds no datasets.' : 'or use Import… in the sidebar. Large files stream in the background.'}</p>
            </div>
          )}
        </main>
      </div>
      )}
      <JobsPanel />
    </div>
  );
}
