import { migration001 } from './001-initial';
import { migration002 } from './002-streams';
import { migration003 } from './003-training';
import { migration004 } from './004-registry';
import { migration005 } from './005-column-types';
import { migration006 } from './006-rules';
import { migration007 } from './007-recipes';
import { migration008 } from './008-incremental';
import { migration009 } from './009-sources';
import { migration010 } from './010-images';
import { migration011 } from './011-image-versions';
import { migration012 } from './012-unique-ids';
import { migration013 } from './013-monitor';
import { migration014 } from './014-feedback';
import { migration015 } from './015-recs';
import { migration016 } from './016-stream-offsets';
import { migration017 } from './017-column-chunks';
import { migration018 } from './018-cluster-merges';
import { migration019 } from './019-monitor-settings';
import { migration020 } from './020-recs-events';
import { migration023 } from './023-retrain';

/** Numbered migrations: index i takes the schema from version i to i + 1. */
export const migrations: readonly string[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration023];

export const schemaVersion = migrations.length;
