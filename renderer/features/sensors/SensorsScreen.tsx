import { useEffect } from 'react';
import { loadSensors } from './actions';
import { NewStream } from './NewStream';
import { useSelectedStream, useSelectedStreamId } from './slice';
import { StreamSidebar } from './StreamSidebar';
import { StreamView } from './StreamView';
import './sensors.css';

export function SensorsScreen() {
  const selectedId = useSelectedStreamId();
  const stream = useSelectedStream();
  useEffect(() => {
    void loadSensors();
  }, []);
  return (
    <div className="workspace" data-testid="sensors-screen">
      <StreamSidebar />
      <main className="main sensors-main">
        {selectedId === null ? <NewStream /> : stream ? <StreamView key={stream.id} stream={stream} /> : <div className="empty-state">Loading stream…</div>}
      </main>
    </div>
  );
}
