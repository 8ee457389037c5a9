import { useEffect } from 'react';
import { reportError } from '../toasts';
import { loadSources } from './actions';
import { ApiBuilder } from './ApiBuilder';
import { ConnectionPanel } from './ConnectionPanel';
import { SourceStates } from './SourceStates';
import { TableBrowser } from './TableBrowser';
import { useSourcesStore } from './slice';
import { useSourcesReadOnly } from './read-only';
import './sources.css';

/** Databases and HTTP APIs as data sources: connections, table browser with previews, API builder, refresh. */
export function SourcesScreen() {
  const error = useSourcesStore((s) => s.error);
  const readOnly = useSourcesReadOnly();
  useEffect(() => {
    loadSources().catch(reportError);
  }, []);
  return (
    <div className="sources-screen" data-testid="sources-screen">
      {readOnly && (
        <p className="train-problem read-only-note" data-testid="sources-read-only">
          {readOnly}
        </p>
      )}
      {error && (
        <p className="train-problem" data-testid="sources-error">
          {error}
        </p>
      )}
      <div className="sources-grid">
        <ConnectionPanel />
        <TableBrowser />
        <ApiBuilder />
        <SourceStates />
      </div>
    </div>
  );
}
