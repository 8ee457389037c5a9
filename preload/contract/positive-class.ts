/**
 * The positive class of a binary target: the class that precision, recall,
 * F1, PR AUC and the decision threshold are about. Shared by the host (which
 * decides it for a run) and the train form (which shows the same default).
 *
 * Sorted label order made "good" the positive class of a credit target with
 * 5 % "bad" loans, so "bad" was never predicted (issue #14.4). The default is
 * now a label that names the event of interest, else the minority class.
 */

export interface ClassCount {
  readonly label: string;
  readonly count: number;
}

/** Labels that name the event a binary target is about; they win over class frequency. */
const eventNames = /^(1|yes|y|true|t|churn|churned|fraud|fraudulent|bad|positive|pos|default|defaulted|spam|malignant|sick|disease|failure|fail|failed|anomaly|abnormal|event)$/i;

/**
 * The default positive class: the one label that names an event (yes, true, 1,
 * churn, fraud, bad, positive, default, spam, …), else the rarer class; on a
 * tie the later label in sorted order (what older runs used).
 */
export function defaultPositive(classes: readonly ClassCount[]): string {
  if (classes.length !== 2) throw new Error(`A positive class needs exactly two classes, got ${classes.length}.`);
  const named = classes.filter((c) => eventNames.test(c.label.trim()));
  if (named.length === 1) return named[0]!.label;
  const [a, b] = [...classes].sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0)) as [ClassCount, ClassCount];
  return a.count < b.count ? a.label : b.label;
}

/** Why `defaultPositive` picked what it picked, in a few words for the form and the run view. */
export function positiveReason(classes: readonly ClassCount[], positive: string): string {
  const named = classes.filter((c) => eventNames.test(c.label.trim()));
  if (named.length === 1 && named[0]!.label === positive) return 'its name marks the event';
  const other = classes.find((c) => c.label !== positive);
  const mine = classes.find((c) => c.label === positive);
  if (other && mine && mine.count < other.count) return 'the minority class';
  return 'chosen';
}

/** Binary classes in model order: the negative class first, the positive one last (class index 1). */
export function orderForPositive(classes: readonly string[], positive: string): readonly string[] {
  if (!classes.includes(positive)) throw new Error(`"${positive}" is not one of the classes ${classes.map((c) => `"${c}"`).join(', ')}.`);
  return [...classes.filter((c) => c !== positive), positive];
}
