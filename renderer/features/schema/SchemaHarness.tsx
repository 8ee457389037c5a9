import { useState } from 'react';
import { emptySchemaOverrides, type SchemaOverrides } from '../../../preload/contract';
import { SchemaEditor, type SchemaPreview } from './SchemaEditor';

/** A small preview with one column of each kind the schema step handles. */
function harnessPreview(): SchemaPreview {
  const rows = Array.from({ length: 40 }, (_, i) => [
    String(i + 1),
    `${(i % 9) + 1}/${(i % 3) + 1}/2024`,
    `2024-03-${String((i % 28) + 1).padStart(2, '0')}T12:30:00Z`,
    i % 11 === 0 ? 'NA' : (i * 1.5).toFixed(1),
    ['basic', 'plus', 'pro'][i % 3]!,
    `free text number ${i}`,
  ]);
  return { columns: ['order_id', 'placed', 'paid_at', 'amount', 'plan', 'note'], rows };
}

const preview = harnessPreview();

/**
 * `#harness/schema`: the schema step alone, with its value shown as JSON, until the import
 * wizard hosts it (and for checking it the way a user sees it in e2e tests).
 */
export function SchemaHarness() {
  const [value, setValue] = useState<SchemaOverrides>(emptySchemaOverrides);
  return (
    <div className="schema-harness">
      <h2>Schema step</h2>
      <SchemaEditor preview={preview} value={value} onChange={setValue} />
      <pre data-testid="schema-value">{JSON.stringify(value)}</pre>
    </div>
  );
}
