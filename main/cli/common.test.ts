import { describe, expect, it } from 'vitest';
import { jobLogText } from './common';

describe('jobLogText', () => {
  const at = '2024-01-01T00:00:00Z';
  it('prefixes warnings and errors with the job kind and leaves info lines out', () => {
    expect(jobLogText('db-import', { level: 'warn', message: 'id: uuid has no mapping; stored as text', at })).toBe(
      'db-import: warning: id: uuid has no mapping; stored as text',
    );
    expect(jobLogText('stream', { level: 'error', message: 'lost', at })).toBe('stream: error: lost');
    expect(jobLogText('images-train', { level: 'info', message: 'run took 3.1 s', at })).toBeNull();
  });
});
