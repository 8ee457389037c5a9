import { DataGrid } from '../features/grid/DataGrid';
import { ExportBar } from '../features/grid/ExportBar';
import { DatasetList } from '../features/datasets/DatasetList';
import { setTab, useSelectedDataset, useTab } from '../features/datasets/slice';
import { QuarantineView } from '../features/rules/QuarantineView';
import { RulesTab } from '../features/rules/RulesTab';
import { JobsPanel } from '../features/jobs/JobsPanel';
import { ProfileView } from '../features/profile/ProfileView';
import { CleanseTab } from '../features/recipe/CleanseTab';
import { LineageView } from '../features/lineage/LineageView';
import { PrivacyView } from '../features/privacy/PrivacyView';
import { TopBar } from '../features/project/TopBar';
import { useReadOnly } from '../features/project/slice';
import { ImagesScreen } from '../features/images/ImagesScreen';
import { ModelsScreen } from '../features/models/ModelsScreen';
import { SensorsScreen } from '../features/sensors/SensorsScreen';
import { SourcesScreen } from '../features/sources/SourcesScreen';
import { ServeScreen } from '../features/serving/ServeScreen';
import { MonitorScreen } from '../features/monitoring';
import { TrainScreen } from '../features/train/TrainScreen';
import { RecommendScreen } from '../features/recommend';
import { ImportOutcome } from './ImportOutcome';
import { SectionTabs } from './SectionTabs';
import { useSection } from './section';
import { TabBar } from '../components/TabBar';
import { plural } from '../../preload/contract';

const datasetTabs = [
  { id: 'data', label: 'Data' },
  { id: 'profile', label: 'Profile' },
  { id: 'rules', label: 'Rules' },
  { id: 'quarantine', label: 'Quarantine' },
  { id: 'cleanse', label: 'Cleanse' },
  { id: 'lineage', label: 'Lineage' },
  { id: 'privacy', label: 'Privacy' },
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
      {section === 'sources' ? (
        <SourcesScreen />
      ) : section === 'sensors' ? (
        <SensorsScreen />
      ) : section === 'train' ? (
        <TrainScreen />
      ) : section === 'recommend' ? (
        <RecommendScreen />
      ) : section === 'images' ? (
        <ImagesScreen />
      ) : section === 'serve' ? (
        <ServeScreen />
      ) : section === 'models' ? (
        <ModelsScreen />
      ) : section === 'monitor' ? (
        <MonitorScreen />
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
                    {plural(dataset.rowCount, 'row')} × {plural(dataset.columns.length, 'column')}
                    {dataset.quarantinedCount > 0 ? ` · ${plural(dataset.quarantinedCount, 'row')} quarantined` : ''} ·{' '}
                    <span title={dataset.source}>{dataset.source.replace(/^upload:/, '')}</span>
                  </p>
                </div>
                <TabBar items={datasetTabs} value={tab} onChange={setTab} testIdPrefix="tab-" />
              </div>
              <div className="tab-body">
                {tab === 'data' ? (
                  // Keyed by the row count too: a validation or promotion rewrites rows, so cached pages go.
                  <>
                    <ExportBar key={`export:${dataset.id}`} dataset={dataset} />
                    <DataGrid key={`${dataset.id}:${dataset.rowCount}`} dataset={dataset} />
                  </>
                ) : tab === 'rules' ? (
                  <RulesTab key={dataset.id} dataset={dataset} />
                ) : tab === 'quarantine' ? (
                  <QuarantineView key={dataset.id} dataset={dataset} />
                ) : tab === 'cleanse' ? (
                  <CleanseTab key={dataset.id} dataset={dataset} />
                ) : tab === 'lineage' ? (
                  <LineageView key={dataset.id} dataset={dataset} />
                ) : tab === 'privacy' ? (
                  <PrivacyView key={dataset.id} dataset={dataset} />
                ) : (
                  <ProfileView key={dataset.id} dataset={dataset} />
                )}
              </div>
            </>
          ) : (
            <div className="empty-state big" data-testid="no-dataset">
              <div className="drop-icon" aria-hidden="true">
                ⤓
              </div>
              <h2>{readOnly ? 'Nothing to show' : 'Drop a data file or folder anywhere to import it'}</h2>
              <p className="muted">{readOnly ? 'This project holds no datasets.' : 'or use Import… in the sidebar. Large files stream in the background.'}</p>
            </div>
          )}
        </main>
      </div>
      )}
      <JobsPanel outcome={(job) => <ImportOutcome job={job} />} />
    </div>
  );
}
