import { migration001 } from './001-initial';
import { migration002 } from './002-streams';
import { migration003 } from './003-training';
import { migration004 } from './004-registry';
import { migration011 } from './011-images';

/** Numbered migrations: index i takes the schema from version i to i + 1. */
export const migrations: readonly string[] = [migration001, migration002, migration003, migration004, migration011];

export const schemaVersion = migrations.length;
