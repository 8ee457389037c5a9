/**
 * Building blocks of the payload schemas: bounded strings and lists, ids, and
 * schemas backed by the contract's own parsers (rules, recipes, schema
 * overrides), so one check serves the wire, the CLI and files.
 */
import * as v from 'valibot';

/**
 * Upper bounds at the door. Generous (they only stop payloads no UI or CLI
 * sends: a megabyte "name", a million ids), so a legitimate payload is never refused.
 */
export const payloadLimits = {
  /** Names and labels: datasets, models, streams, columns. */
  name: 1_000,
  /** File system paths (PATH_MAX on Linux is 4,096). */
  path: 4_096,
  url: 8_192,
  /** Free text: a model card field, an expression, a secret. */
  text: 100_000,
  /** A SQL query or an HTTP body. */
  document: 1_000_000,
  /** Columns of a dataset (wide tables have thousands). */
  columns: 100_000,
  /** Rows sent inline (the wizard sends its 50 preview rows). */
  rows: 100_000,
  /** Other lists: ids, paths, steps, actions. */
  list: 10_000,
} as const;

const bounded = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const name = bounded(payloadLimits.name);
export const path = bounded(payloadLimits.path);
export const url = bounded(payloadLimits.url);
export const text = bounded(payloadLimits.text);
export const document = bounded(payloadLimits.document);

/** A row id of the project (datasets, runs, streams…): a non-negative safe integer. */
export const id = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** A count, offset or limit. */
export const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** Any finite number (fractions, rates, thresholds); their ranges are the services' to check, with words. */
export const num = v.pipe(v.number(), v.finite());

/** A list of at most `max` items. */
export function list<const T extends v.GenericSchema>(item: T, max: number = payloadLimits.list) {
  return v.pipe(v.array(item), v.maxLength(max));
}

/** Channels whose request is `null` (absent is taken as null, as every transport did before). */
export const none = v.pipe(
  v.nullish(v.null()),
  v.transform((): null => null),
);

/**
 * A value checked by one of the contract's parsers (which throw with the field at fault),
 * typed as the parser's result and replaced by it (defaults filled, as the handler expects).
 */
export function parsedBy<T>(parse: (raw: unknown) => T) {
  return v.pipe(
    v.custom<T>(() => true),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return parse(dataset.value);
      } catch (err) {
        addIssue({ message: err instanceof Error ? err.message : String(err) });
        return NEVER;
      }
    }),
  );
}
