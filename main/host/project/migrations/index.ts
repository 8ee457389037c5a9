import { migration001 } from './001-initial';

/** Numbered migrations: index i takes the schema from version i to i + 1. */
export const migrations: readonly string[] = [migration001];

export const schemaVersion = migrations.length;
