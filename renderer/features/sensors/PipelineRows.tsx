import { useEffect, useState } from 'react';
import type { Analytic, Transform, ValidationRule } from '../../../preload/contract';
import { analyticKinds, defaultAnalytic, defaultRule, defaultTransform, kindLabels, parseCoefficients, ruleKinds, transformKinds } from './pipeline-draft';

/** A number typed as text: "-", "1." and "" are kept while typing; the rule gets the number once it parses. */
export function NumInput({ label, value, onChange, optional = false }: { readonly label: string; readonly value: number | undefined; readonly onChange: (n: number | undefined) => void; readonly optional?: boolean }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : value === undefined ? '' : String(value)));
  }, [value]);
  return (
    <label className="mini">
      <span>{label}</span>
      <input
        className="num-input"
        inputMode="decimal"
        value={text}
        placeholder={optional ? 'none' : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === '' && optional) onChange(undefined);
          else if (t.trim() !== '' && Number.isFinite(Number(t))) onChange(Number(t));
        }}
      />
    </label>
  );
}

function FieldPick({ fields, value, onChange, label = 'field' }: { readonly fields: readonly string[]; readonly value: string; readonly onChange: (f: string) => void; readonly label?: string }) {
  const options = fields.includes(value) || value === '' ? fields : [value, ...fields];
  return (
    <label className="mini">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="row-field">
        {options.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </label>
  );
}

function TextIn({ label, value, onChange, placeholder, wide = false }: { readonly label: string; readonly value: string; readonly onChange: (s: string) => void; readonly placeholder?: string; readonly wide?: boolean }) {
  return (
    <label className={`mini${wide ? ' grow' : ''}`}>
      <span>{label}</span>
      <input value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function KindPick<K extends string>({ kinds, value, onChange }: { readonly kinds: readonly K[]; readonly value: K; readonly onChange: (k: K) => void }) {
  return (
    <label className="mini">
      <span>kind</span>
      <select value={value} onChange={(e) => onChange(e.target.value as K)} data-testid="row-kind">
        {kinds.map((k) => (
          <option key={k} value={k}>
            {kindLabels[k as keyof typeof kindLabels]}
          </option>
        ))}
      </select>
    </label>
  );
}

const firstOr = (fields: readonly string[], f: string): string => (f !== '' ? f : (fields[0] ?? ''));

export function RuleRow({ rule, fields, onChange }: { readonly rule: ValidationRule; readonly fields: readonly string[]; readonly onChange: (r: ValidationRule) => void }) {
  const field = rule.kind === 'rate' ? '' : rule.field;
  return (
    <>
      <KindPick kinds={ruleKinds} value={rule.kind} onChange={(k) => onChange(defaultRule(k, firstOr(fields, field)))} />
      {rule.kind !== 'rate' && <FieldPick fields={fields} value={rule.field} onChange={(f) => onChange({ ...rule, field: f })} />}
      {rule.kind === 'type' && (
        <label className="mini">
          <span>must be</span>
          <select value={rule.type} onChange={(e) => onChange({ ...rule, type: e.target.value as 'number' | 'integer' | 'text' })}>
            <option value="number">a number</option>
            <option value="integer">a whole number</option>
            <option value="text">text</option>
          </select>
        </label>
      )}
      {rule.kind === 'range' && (
        <>
          <NumInput label="min" optional value={rule.min} onChange={(min) => onChange({ kind: 'range', field: rule.field, ...(min === undefined ? {} : { min }), ...(rule.max === undefined ? {} : { max: rule.max }) })} />
          <NumInput label="max" optional value={rule.max} onChange={(max) => onChange({ kind: 'range', field: rule.field, ...(rule.min === undefined ? {} : { min: rule.min }), ...(max === undefined ? {} : { max }) })} />
        </>
      )}
      {rule.kind === 'stuck' && <NumInput label="same value × times" value={rule.count} onChange={(n) => onChange({ ...rule, count: n ?? rule.count })} />}
      {rule.kind === 'rate' && (
        <>
          <NumInput label="below Hz" value={rule.minHz} onChange={(n) => onChange({ ...rule, minHz: n ?? rule.minHz })} />
          <NumInput label="over s" value={rule.windowSeconds} onChange={(n) => onChange({ ...rule, windowSeconds: n ?? rule.windowSeconds })} />
        </>
      )}
    </>
  );
}

function Coefficients({ value, onChange }: { readonly value: readonly number[]; readonly onChange: (c: number[]) => void }) {
  const [text, setText] = useState(value.join(', '));
  return (
    <label className="mini grow">
      <span>c0, c1, c2 …</span>
      <input
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const c = parseCoefficients(e.target.value);
          if (c) onChange(c);
        }}
      />
    </label>
  );
}

export function TransformRow({ t, fields, onChange }: { readonly t: Transform; readonly fields: readonly string[]; readonly onChange: (t: Transform) => void }) {
  const unit = (u: string): { unit?: string } => (u.trim() ? { unit: u.trim() } : {});
  return (
    <>
      <KindPick kinds={transformKinds} value={t.kind} onChange={(k) => onChange(defaultTransform(k, firstOr(fields, t.kind === 'derived' ? '' : t.field)))} />
      {t.kind === 'derived' ? (
        <>
          <TextIn label="new field" value={t.name} onChange={(name) => onChange({ ...t, name })} />
          <TextIn label="= expression" wide value={t.expression} placeholder="e.g. (temperature - 32) * 5 / 9" onChange={(expression) => onChange({ ...t, expression })} />
        </>
      ) : (
        <FieldPick fields={fields} value={t.field} onChange={(f) => onChange({ ...t, field: f })} />
      )}
      {t.kind === 'linear' && (
        <>
          <NumInput label="× scale" value={t.scale} onChange={(n) => onChange({ ...t, scale: n ?? t.scale })} />
          <NumInput label="+ offset" value={t.offset} onChange={(n) => onChange({ ...t, offset: n ?? t.offset })} />
        </>
      )}
      {t.kind === 'polynomial' && <Coefficients value={t.coefficients} onChange={(coefficients) => onChange({ ...t, coefficients })} />}
      <TextIn label="unit" value={t.unit ?? ''} onChange={(u) => onChange({ ...withoutUnit(t), ...unit(u) } as Transform)} />
    </>
  );
}

function withoutUnit(t: Transform): Transform {
  const copy: { unit?: string } & Transform = { ...t };
  delete copy.unit;
  return copy;
}

const allStats = ['mean', 'std', 'min', 'max'] as const;

export function AnalyticRow({ a, fields, onChange }: { readonly a: Analytic; readonly fields: readonly string[]; readonly onChange: (a: Analytic) => void }) {
  return (
    <>
      <KindPick kinds={analyticKinds} value={a.kind} onChange={(k) => onChange(defaultAnalytic(k, firstOr(fields, a.field)))} />
      <FieldPick fields={fields} value={a.field} onChange={(f) => onChange({ ...a, field: f })} />
      {a.kind === 'rolling' && (
        <>
          <NumInput label="window s" value={a.windowSeconds} onChange={(n) => onChange({ ...a, windowSeconds: n ?? a.windowSeconds })} />
          <fieldset className="mini stats-pick">
            <legend>stats</legend>
            {allStats.map((s) => (
              <label key={s} className="inline-check">
                <input
                  type="checkbox"
                  checked={a.stats.includes(s)}
                  onChange={(e) => onChange({ ...a, stats: e.target.checked ? allStats.filter((x) => x === s || a.stats.includes(x)) : a.stats.filter((x) => x !== s) })}
                />
                {s}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {a.kind === 'ewma' && <NumInput label="alpha" value={a.alpha} onChange={(n) => onChange({ ...a, alpha: n ?? a.alpha })} />}
      {a.kind === 'zscore' && (
        <>
          <NumInput label="window s" value={a.windowSeconds} onChange={(n) => onChange({ ...a, windowSeconds: n ?? a.windowSeconds })} />
          <NumInput label="flag |z| >" value={a.threshold} onChange={(n) => onChange({ ...a, threshold: n ?? a.threshold })} />
        </>
      )}
      {a.kind === 'rate-of-change' && <NumInput label="flag |Δ/s| >" value={a.maxPerSecond} onChange={(n) => onChange({ ...a, maxPerSecond: n ?? a.maxPerSecond })} />}
    </>
  );
}
