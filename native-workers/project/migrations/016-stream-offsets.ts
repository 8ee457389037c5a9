/**
 * Schema 16: streaming platforms (Kafka, NATS JetStream, Redis Streams, Kinesis) delivered exactly
 * once. A platform stream's table st_<id> gains src_partition / src_offset with a unique index
 * (added by the stream worker, as the table itself is), so a redelivered message stores nothing.
 * stream_offsets is each stream's checkpoint per partition/shard: the last offset stored, written
 * in the same transaction as the rows (Kinesis resumes from it; it has no server-side group).
 * recording_offsets is a recording's lineage: per partition, the first and last offsets it holds.
 * Offsets are text: Kinesis sequence numbers exceed 2^63 and Redis ids are MS-SEQ.
 */
export const migration016 = `
CREATE TABLE stream_offsets (
  stream_id INTEGER NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
  partition TEXT NOT NULL,
  topic TEXT NOT NULL,
  last_offset TEXT NOT NULL,
  stored INTEGER NOT NULL DEFAULT 0,
  updated_at REAL NOT NULL,
  PRIMARY KEY (stream_id, partition)
) STRICT;

CREATE TABLE recording_offsets (
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  partition TEXT NOT NULL,
  topic TEXT NOT NULL,
  first_offset TEXT NOT NULL,
  last_offset TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (recording_id, partition)
) STRICT;
`;
