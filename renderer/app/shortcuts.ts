import type { MenuCommand } from '../../preload/contract';
import { runCommand } from '../features/project/actions';

/** The same commands as Electron's menu, for browser mode (and for focus inside the page). */
export function commandForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 's' && e.shiftKey) return 'saveAs';
  if (e.shiftKey) return null;
  if (key === 'n') return 'new';
  if (key === 'o') return 'open';
  if (key === 'w') return 'close';
  return null;
}

export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    const command = commandForKey(e);
    if (!command) return;
    e.preventDefault();
    void runCommand(command);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
