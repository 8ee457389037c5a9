import { useEffect, useState } from 'react';
import type { RecipeStep } from '../../../preload/contract/recipe';
import { dateFormats, mappingText, parseMapping, unitPresets } from './draft';

function ColumnPick({ columns, value, onChange, label = 'column' }: { readonly columns: readonly string[]; readonly value: string; readonly onChange: (c: string) => void; readonly label?: string }) {
  const options = columns.includes(value) || value === '' ? columns : [value, ...columns];
  return (
    <label className="mini">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="step-column">
        {options.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Several columns; none selected means every column (text steps) or whole rows (duplicates). */
function ColumnsPick({ columns, value, onChange, label, none }: { readonly columns: readonly string[]; readonly value: readonly string[]; readonly onChange: (c: string[]) => void; readonly label: string; readonly none: string }) {
  return (
    <label className="mini">
      <span>
        {label} <em className="muted">({value.length ? value.length : none})</em>
      </span>
      <select multiple size={Math.min(4, Math.max(2, columns.length))} value={[...value]} data-testid="step-columns" onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

function Choice<T extends string>({ label, value, options, onChange, testId }: { readonly label: string; readonly value: T; readonly options: readonly (readonly [T, string])[]; readonly onChange: (v: T) => void; readonly testId?: string }) {
  return (
    <label className="mini">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Text kept as typed; the step gets the value once it parses. */
function Typed({ label, value, parse, onChange, testId, placeholder }: { readonly label: string; readonly value: string; readonly parse?: (t: string) => boolean; readonly onChange: (t: string) => void; readonly testId?: string; readonly placeholder?: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText((t) => (parse && !parse(t) ? t : value)), [value, parse]);
  return (
    <label className="mini">
      <span>{label}</span>
      <input
        value={text}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          if (!parse || parse(e.target.value)) onChange(e.target.value);
        }}
      />
    </label>
  );
}

const isNumber = (t: string): boolean => t.trim() !== '' && Number.isFinite(Number(t));

function MappingField({ step, onChange }: { readonly step: Extract<RecipeStep, { kind: 'map' }>; readonly onChange: (s: RecipeStep) => void }) {
  const [text, setText] = useState(mappingText(step.mapping));
  return (
    <label className="mini grow">
      <span>values (from=to, …)</span>
      <input
        value={text}
        data-testid="step-mapping"
        onChange={(e) => {
          setText(e.target.value);
          onChange({ ...step, mapping: parseMapping(e.target.value) });
        }}
      />
    </label>
  );
}

/** The fields of one step, by kind. */
export function StepFields({ step, columns, onChange }: { readonly step: RecipeStep; readonly columns: readonly string[]; readonly onChange: (s: RecipeStep) => void }) {
  switch (step.kind) {
    case 'trim':
      return (
        <>
          <ColumnsPick label="columns" none="all text" columns={columns} value={step.columns} onChange={(c) => onChange({ ...step, columns: c })} />
          <label className="mini check">
            <input type="checkbox" checked={step.collapse} onChange={(e) => onChange({ ...step, collapse: e.target.checked })} /> collapse inner spaces
          </label>
        </>
      );
    case 'case':
      return (
        <>
          <ColumnsPick label="columns" none="all text" columns={columns} value={step.columns} onChange={(c) => onChange({ ...step, columns: c })} />
          <Choice label="to" value={step.mode} options={[['lower', 'lower'], ['upper', 'UPPER'], ['title', 'Title']]} onChange={(mode) => onChange({ ...step, mode })} />
        </>
      );
    case 'map':
      return (
        <>
          <ColumnPick columns={columns} value={step.column} onChange={(column) => onChange({ ...step, column })} />
          <MappingField step={step} onChange={onChange} />
          <label className="mini check">
            <input type="checkbox" checked={step.caseInsensitive} onChange={(e) => onChange({ ...step, caseInsensitive: e.target.checked })} /> any case
          </label>
        </>
      );
    case 'date':
      return (
        <>
          <ColumnPick columns={columns} value={step.column} onChange={(column) => onChange({ ...step, column })} />
          <label className="mini">
            <span>from format</span>
            <input list="recipe-date-formats" value={step.from} data-testid="step-date-format" onChange={(e) => onChange({ ...step, from: e.target.value || 'auto' })} />
            <datalist id="recipe-date-formats">
              {dateFormats.map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          </label>
        </>
      );
    case 'unit': {
      const preset = unitPresets.find((p) => p.from === step.from && p.to === step.to && p.factor === step.factor && p.offset === step.offset)?.id ?? 'custom';
      return (
        <>
          <ColumnPick columns={columns} value={step.column} onChange={(column) => onChange({ ...step, column })} />
          <Choice
            label="conversion"
            testId="step-unit-preset"
            value={preset}
            options={[...unitPresets.map((p) => [p.id, `${p.from} → ${p.to}`] as const), ['custom', 'custom…'] as const]}
            onChange={(id) => {
              const p = unitPresets.find((u) => u.id === id);
              if (p) onChange({ ...step, from: p.from, to: p.to, factor: p.factor, offset: p.offset });
            }}
          />
          <Typed label="× factor" value={String(step.factor)} parse={isNumber} onChange={(t) => onChange({ ...step, factor: Number(t) })} />
          <Typed label="+ offset" value={String(step.offset)} parse={isNumber} onChange={(t) => onChange({ ...step, offset: Number(t) })} />
          <Typed label="new unit" value={step.to} onChange={(to) => onChange({ ...step, to })} />
          <Typed
            label="rename to"
            value={step.rename ?? ''}
            placeholder="keep name"
            testId="step-rename"
            onChange={(t) => {
              const rest = { ...step };
              delete rest.rename;
              onChange(t.trim() ? { ...rest, rename: t.trim() } : rest);
            }}
          />
        </>
      );
    }
    case 'impute':
      return (
        <>
          <ColumnPick columns={columns} value={step.column} onChange={(column) => onChange({ ...step, column })} />
          <Choice
            label="with"
            testId="step-impute-method"
            value={step.method}
            options={[['mean', 'mean'], ['median', 'median'], ['mode', 'most frequent'], ['constant', 'a constant'], ['ffill', 'previous value']]}
            onChange={(method) => onChange(method === 'constant' ? { ...step, method, value: step.value ?? 0 } : { kind: 'impute', column: step.column, method })}
          />
          {step.method === 'constant' && (
            <Typed label="value" value={step.value === undefined || step.value === null ? '' : String(step.value)} onChange={(t) => onChange({ ...step, value: isNumber(t) ? Number(t) : t })} />
          )}
        </>
      );
    case 'duplicates':
      return (
        <>
          <ColumnsPick label="same values in" none="whole row" columns={columns} value={step.keys} onChange={(keys) => onChange({ ...step, keys })} />
          <Choice label="then" testId="step-action" value={step.action} options={[['drop', 'drop later rows'], ['flag', 'flag them']]} onChange={(action) => onChange({ ...step, action })} />
        </>
      );
    case 'outliers':
      return (
        <>
          <ColumnPick columns={columns} value={step.column} onChange={(column) => onChange({ ...step, column })} />
          <Choice
            label="by"
            value={step.method}
            options={[['iqr', 'IQR'], ['zscore', 'z-score']]}
            onChange={(method) => onChange({ ...step, method, threshold: method === 'iqr' ? 1.5 : 3 })}
          />
          <Typed label="k" value={String(step.threshold ?? (step.method === 'iqr' ? 1.5 : 3))} parse={(t) => isNumber(t) && Number(t) > 0} onChange={(t) => onChange({ ...step, threshold: Number(t) })} />
          <Choice label="then" testId="step-action" value={step.action} options={[['flag', 'flag'], ['clip', 'clip to bounds']]} onChange={(action) => onChange({ ...step, action })} />
        </>
      );
  }
}
