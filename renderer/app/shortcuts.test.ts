import { describe, expect, it } from 'vitest';
import { commandForKey } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  commandForKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('commandForKey', () => {
  it('maps Ctrl and Cmd shortcuts to menu commands', () => {
    expect(key('n', { ctrlKey: true })).toBe('new');
    expect(key('o', { metaKey: true })).toBe('open');
    expect(key('S', { ctrlKey: true, shiftKey: true })).toBe('saveAs');
    expect(key('w', { ctrlKey: true })).toBe('close');
  });
  it('ignores plain keys and other combinations', () => {
    expect(key('n')).toBeNull();
    expect(key('s', { ctrlKey: true })).toBeNull();
    expect(key('n', { ctrlKey: true, altKey: true })).toBeNull();
    expect(key('w', { ctrlKey: true, shiftKey: true })).toBeNull();
  });
});
