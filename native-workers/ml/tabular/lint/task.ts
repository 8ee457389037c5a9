/**
 * Which kind of problem a target column poses. Text targets are classes. A
 * numeric target with two values is binary; whole numbers with few distinct
 * values (at most 20, and on average 5+ rows each) are treated as classes;
 * anything else is regression. The reason says which rule applied so the UI can
 * offer the other choice.
 */
import type { Task } from '../model';
import { columnFacts } from './column-facts';
import type { FrameColumn } from './frame-types';

export const MAX_INTEGER_CLASSES = 20;

export interface TaskGuess {
  readonly task: Task;
  /** Class labels in class-index order (sorted), for classification. */
  readonly classes?: readonly string[];
  readonly reason: string;
  /** Rows without a target value (they cannot be used for training). */
  readonly missing: number;
}

export function detectTask(target: FrameColumn): TaskGuess {
  const facts = columnFacts(target);
  const name = `'${target.name}'`;
  if (facts.present === 0) throw new Error(`The target ${name} has no values.`);
  if (facts.distinct < 2) throw new Error(`The target ${name} has a single value; there is nothing to predict.`);
  if (target.kind === 'categorical') {
    const classes = [...new Set(target.values.filter((v): v is string => v !== null))].sort();
    return {
      task: classes.length === 2 ? 'binary' : 'multiclass',
      classes,
      reason: `${name} holds text with ${classes.length} distinct values, so each value is a class.`,
      missing: facts.missing,
    };
  }
  const sortedValues = (): string[] => [...new Set(Array.from(target.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b).map(String);
  if (facts.distinct === 2) {
    return { task: 'binary', classes: sortedValues(), reason: `${name} has exactly two distinct values.`, missing: facts.missing };
  }
  if (facts.integer && facts.distinct <= MAX_INTEGER_CLASSES && facts.distinct * 5 <= facts.present) {
    return {
      task: 'multiclass',
      classes: sortedValues(),
      reason: `${name} holds ${facts.distinct} distinct whole numbers, so each is treated as a class; choose regression if they are amounts or counts.`,
      missing: facts.missing,
    };
  }
  return {
    task: 'regression',
    reason: facts.integer
      ? `${name} holds ${facts.distinct} distinct whole numbers, too many to be classes, so it is predicted as a number.`
      : `${name} holds numbers with fractions, so it is predicted as a number.`,
    missing: facts.missing,
  };
}

/**
 * Target per row as a class index (classification, by position in `classes`)
 * or the value (regression); NaN where missing.
 */
export function encodeTarget(target: FrameColumn, guess: TaskGuess): Float64Array {
  const out = new Float64Array(target.values.length);
  if (guess.task === 'regression') {
    if (target.kind !== 'numeric') throw new Error(`The target '${target.name}' holds text; regression needs numbers.`);
    out.set(target.values);
    return out;
  }
  const index = new Map(classLabels(target, guess).map((c, i) => [c, i]));
  for (let i = 0; i < out.length; i++) {
    const v = target.values[i];
    const key = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? undefined : String(v);
    out[i] = key === undefined ? NaN : (index.get(key) ?? NaN);
  }
  return out;
}

/** The guess's classes, or (when the user overrides regression with classification) the sorted distinct values. */
export function classLabels(target: FrameColumn, guess: TaskGuess): readonly string[] {
  if (guess.classes) return guess.classes;
  if (target.kind === 'categorical') return [...new Set(target.values.filter((v): v is string => v !== null))].sort();
  return [...new Set(Array.from(target.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b).map(String);
}
