import { useMemo, useState } from 'react';
import {
  factsFromRows,
  parseRuleSet,
  ruleKinds,
  ruleName,
  ruleSetVersion,
  suggestRules,
  type ColumnType,
  type Rule,
  type RuleKind,
  type RuleSet,
} from '../../../preload/contract';
import './rules.css';

/**
 * What the editor needs of a preview: column names and first rows as text. The wizard's
 * ImportPreview has both, so it can be passed as it is.
 */
export interface RulesPreview {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface RulesEditorProps {
  readonly preview: RulesPreview;
  readonly value: RuleSet;
  onChange(next: RuleSet): void;
  /** Better suggestions than the preview's rows allow (e.g. from a dataset's profile). */
  readonly suggest?: () => Promise<RuleSet>;
  readonly disabled?: boolean;
}

const kindLabels: Readonly<Record<RuleKind, string>> = {
  type: 'type',
  required: 'required',
  range: 'range',
  allowed: 'allowed values',
  regex: 'pattern',
  unique: 'unique',
  length: 'length',
  compare: 'compare columns',
  exists: 'exists in dataset',
};

const types: readonly ColumnType[] = ['integer', 'number', 'boolean', 'text'];

function blank(kind: RuleKind, column: string, columns: readonly string[]): Rule {
  switch (kind) {
    case 'type':
      return { kind, column, type: 'integer' };
    case 'required':
    case 'unique':
      return { kind, column };
    case 'range':
      return { kind, column, min: 0 };
    case 'length':
      return { kind, column, max: 100 };
    case 'allowed':
      return { kind, column, values: ['a', 'b'] };
    case 'regex':
      return { kind, column, pattern: '.+' };
    case 'compare':
      return { kind, expression: `${column} >= ${columns.find((c) => c !== column) ?? column}` };
    case 'exists':
      return { kind, column, dataset: 'other dataset', datasetColumn: column };
  }
}

function columnOf(rule: Rule): string {
  return rule.kind === 'compare' ? '' : rule.column;
}

/** The rule with `key` set, or removed when undefined (absent fields stay absent in the saved JSON). */
function withField(rule: Rule, key: 'name' | 'min' | 'max', value: string | number | undefined): Rule {
  const next: Record<string, unknown> = { ...rule };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as unknown as Rule;
}

function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Rules as rows of controls; suggestions from the preview's rows (or `suggest`) are added to them. */
export function RulesEditor({ preview, value, onChange, suggest, disabled = false }: RulesEditorProps) {
  const [busy, setBusy] = useState(false);
  const columns = preview.columns;
  const error = useMemo(() => {
    try {
      parseRuleSet(value, columns);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }, [value, columns]);

  const set = (rules: readonly Rule[]): void => onChange({ version: ruleSetVersion, rules });
  const update = (i: number, rule: Rule): void => set(value.rules.map((r, k) => (k === i ? rule : r)));
  const remove = (i: number): void => set(value.rules.filter((_, k) => k !== i));
  const add = (): void => set([...value.rules, blank('required', columns[0] ?? 'column', columns)]);
  // Suggestions are added to the rules already there; a rule of the same name is kept as the user has it.
  const merge = (suggested: RuleSet): void => {
    const taken = new Set(value.rules.map(ruleName));
    set([...value.rules, ...suggested.rules.filter((r) => !taken.has(ruleName(r)))]);
  };
  const suggestNow = async (): Promise<void> => {
    if (suggest) {
      setBusy(true);
      try {
        merge(await suggest());
      } finally {
        setBusy(false);
      }
    } else merge(suggestRules(factsFromRows(columns, preview.rows)));
  };

  return (
    <div className="rules-editor" data-testid="rules-editor">
      <div className="rules-toolbar">
        <button type="button" className="primary" data-testid="rules-suggest" disabled={disabled || busy} onClick={() => void suggestNow()}>
          {busy ? 'Suggesting…' : 'Suggest rules'}
        </button>
        <button type="button" data-testid="rules-add" disabled={disabled} onClick={add}>
          Add rule
        </button>
        <span className="muted">
          {value.rules.length} rule{value.rules.length === 1 ? '' : 's'} · rows failing any rule go to quarantine
        </span>
      </div>
      {error && value.rules.length > 0 && (
        <p className="rules-error" role="alert" data-testid="rules-error">
          {error}
        </p>
      )}
      {value.rules.length === 0 ? (
        <p className="muted" data-testid="rules-empty">
          No rules yet. Suggest rules from the data, or add them one by one.
        </p>
      ) : (
        <table className="rules-table">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Column</th>
              <th>Settings</th>
              <th>Name</th>
              <th aria-label="remove" />
            </tr>
          </thead>
          <tbody>
            {value.rules.map((rule, i) => (
              <tr key={i} data-testid="rule-row" data-rule={ruleName(rule)}>
                <td>
                  <select
                    aria-label="rule kind"
                    value={rule.kind}
                    disabled={disabled}
                    onChange={(e) => update(i, blank(e.target.value as RuleKind, columnOf(rule) || (columns[0] ?? ''), columns))}
                  >
                    {ruleKinds.map((k) => (
                      <option key={k} value={k}>
                        {kindLabels[k]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {rule.kind === 'compare' ? (
                    <input
                      aria-label="expression"
                      className="wide"
                      value={rule.expression}
                      disabled={disabled}
                      placeholder="end >= start"
                      onChange={(e) => update(i, { ...rule, expression: e.target.value })}
                    />
                  ) : (
                    <select aria-label="column" value={rule.column} disabled={disabled} onChange={(e) => update(i, { ...rule, column: e.target.value })}>
                      {!columns.includes(rule.column) && <option value={rule.column}>{rule.column} (missing)</option>}
                      {columns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <RuleSettings rule={rule} disabled={disabled} onChange={(r) => update(i, r)} />
                </td>
                <td>
                  <input
                    aria-label="rule name"
                    value={rule.name ?? ''}
                    placeholder={ruleName({ ...rule, name: undefined } as Rule)}
                    disabled={disabled}
                    onChange={(e) => update(i, withField(rule, 'name', e.target.value || undefined))}
                  />
                </td>
                <td>
                  <button type="button" className="small" aria-label={`remove ${ruleName(rule)}`} disabled={disabled} onClick={() => remove(i)}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Typed freely (commas, trailing spaces) and read when the field is left or Enter is pressed. */
function CommitInput({ label, value, disabled, onCommit }: { readonly label: string; readonly value: string; readonly disabled: boolean; onCommit(text: string): void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The rule changed from outside (suggestions): show the new value.
    setShown(value);
    setText(value);
  }
  return (
    <input
      aria-label={label}
      className="wide"
      value={text}
      disabled={disabled}
      title="Comma-separated"
      onChange={(e) => setText(e.target.value)}
      onBlur={() => onCommit(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit(text);
      }}
    />
  );
}

function RuleSettings({ rule, disabled, onChange }: { readonly rule: Rule; readonly disabled: boolean; onChange(rule: Rule): void }) {
  switch (rule.kind) {
    case 'type':
      return (
        <select aria-label="type" value={rule.type} disabled={disabled} onChange={(e) => onChange({ ...rule, type: e.target.value as ColumnType })}>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      );
    case 'range':
    case 'length': {
      const bound = (key: 'min' | 'max', text: string): void => onChange(withField(rule, key, numberOrUndefined(text)));
      return (
        <span className="rule-settings">
          <input aria-label="min" type="number" placeholder="min" value={rule.min ?? ''} disabled={disabled} onChange={(e) => bound('min', e.target.value)} />
          <span className="muted">to</span>
          <input aria-label="max" type="number" placeholder="max" value={rule.max ?? ''} disabled={disabled} onChange={(e) => bound('max', e.target.value)} />
          {rule.kind === 'length' && <span className="muted">characters</span>}
        </span>
      );
    }
    case 'allowed':
      return (
        <CommitInput
          label="allowed values"
          value={rule.values.join(', ')}
          disabled={disabled}
          onCommit={(text) => onChange({ ...rule, values: text.split(',').map((v) => v.trim()).filter((v) => v !== '') })}
        />
      );
    case 'regex':
      return (
        <span className="rule-settings">
          <input aria-label="pattern" className="wide mono" value={rule.pattern} disabled={disabled} onChange={(e) => onChange({ ...rule, pattern: e.target.value })} />
          <label className="muted">
            <input type="checkbox" checked={rule.ignoreCase === true} disabled={disabled} onChange={(e) => onChange({ ...rule, ignoreCase: e.target.checked })} /> ignore case
          </label>
        </span>
      );
    case 'exists':
      return (
        <span className="rule-settings">
          <input aria-label="dataset" value={rule.dataset} disabled={disabled} onChange={(e) => onChange({ ...rule, dataset: e.target.value })} />
          <span className="muted">.</span>
          <input aria-label="dataset column" value={rule.datasetColumn} disabled={disabled} onChange={(e) => onChange({ ...rule, datasetColumn: e.target.value })} />
        </span>
      );
    case 'compare':
      return <span className="muted">column op column | number | 'text'</span>;
    case 'required':
      return <span className="muted">no missing values</span>;
    case 'unique':
      return <span className="muted">no repeated values</span>;
  }
}
