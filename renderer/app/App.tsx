import { useEffect } from 'react';
import { ProjectDialog } from '../features/project/ProjectDialog';
import { WelcomeScreen } from '../features/project/WelcomeScreen';
import { useAppInfo, useConnection, useProject } from '../features/project/slice';
import { SchemaHarness } from '../features/schema/SchemaHarness';
import { Toasts } from '../features/toasts/Toasts';
import { startBridge } from './bridge';
import { DropOverlay } from './DropOverlay';
import { ImportWizard } from '../features/import-wizard/ImportWizard';
import { ProjectScreen } from './ProjectScreen';
import { installShortcuts } from './shortcuts';

export function App() {
  const app = useAppInfo();
  const project = useProject();
  const connection = useConnection();

  useEffect(() => {
    const stopBridge = startBridge();
    const stopKeys = installShortcuts();
    return () => {
      stopBridge();
      stopKeys();
    };
  }, []);

  return (
    <>
      {connection !== 'open' && app !== null && (
        <div className="banner banner-offline" data-testid="reconnecting" role="status">
          Connection to Assay lost — reconnecting…
        </div>
      )}
      {app === null ? (
        <div className="boot" data-testid="booting">
          Starting Assay…
        </div>
      ) : location.hash === '#harness/schema' ? (
        <SchemaHarness />
      ) : project ? (
        <ProjectScreen />
      ) : (
        <WelcomeScreen />
      )}
      <DropOverlay />
      <ImportWizard />
      <ProjectDialog />
      <Toasts />
    </>
  );
}
