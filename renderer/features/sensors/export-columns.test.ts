import { describe, expect, it } from 'vitest';
import type { RecordingExportPlan } from '../../../preload/contract';
import { choicesOf, clashSide, columnsProblem, initialDrafts, resolveClash } from './export-columns';

const plan: RecordingExportPlan = {
  readings: 10,
  columns: [
    { key: 'recording:host_time', name: 'host_time', kind: 'time', type: 'datetime', checked: true },
    { key: 'recording:device_time', name: 'device_time', kind: 'time', type: 'number', checked: false, note: 'empty in every reading' },
    { key: 'field:label', name: 'label', kind: 'field', type: 'number', checked: true },
    { key: 'recording:label', name: 'label', kind: 'label', type: 'text', checked: true },
  ],
  clashes: [{ name: 'label', keys: ['field:label', 'recording:label'], suggested: ['label_source', 'recording_label'] }],
};

describe('export columns', () => {
  it('starts from the plan with each clash settled by renaming the source field', () => {
    const drafts = initialDrafts(plan);
    expect(choicesOf(drafts)).toEqual([
      { key: 'recording:host_time', name: 'host_time' },
      { key: 'field:label', name: 'label_source' },
      { key: 'recording:label', name: 'label' },
    ]);
    expect(clashSide(drafts, plan.clashes[0])).toBe('field');
    expect(columnsProblem(drafts)).toBeNull();
  });

  it('switches the rename to the recording column, and names a clash typed back in', () => {
    const other = resolveClash(initialDrafts(plan), plan.clashes[0], 'recording');
    expect(choicesOf(other).map((c) => c.name)).toEqual(['host_time', 'label', 'recording_label']);
    expect(clashSide(other, plan.clashes[0])).toBe('recording');
    const typed = other.map((d) => (d.key === 'recording:label' ? { ...d, name: ' Label ' } : d));
    expect(columnsProblem(typed)).toBe('Two columns are named "label", "Label": rename one.');
    expect(columnsProblem(other.map((d) => ({ ...d, checked: false })))).toBe('Tick at least one column.');
  });
});
