import { describe, expect, it } from 'vitest';
import { replyToken } from './nats-source';

describe('replyToken', () => {
  it('reads the stream sequence and pending count of both ack subject forms', () => {
    // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>
    const old = '$JS.ACK.BENCH.assay1.1.48213.48190.1765027620123456789.1787';
    expect(replyToken(old, 3)).toBe(48213);
    expect(replyToken(old, 0)).toBe(1787);
    // with domain and account hash, and with the random token the server may add after pending
    const current = '$JS.ACK._.ACCTHASH.BENCH.assay1.2.9007199254740991.17.1765027620123456789.0';
    expect(replyToken(current, 3)).toBe(Number.MAX_SAFE_INTEGER);
    expect(replyToken(current, 0)).toBe(0);
    expect(replyToken(`${current}.x7Yq`, 3)).toBe(Number.MAX_SAFE_INTEGER);
    expect(replyToken(`${current}.x7Yq`, 0)).toBe(0);
  });

  it('refuses a subject that is not a JetStream ack', () => {
    expect(() => replyToken('_INBOX.abc.def', 3)).toThrow(/not a JetStream ack subject/);
    expect(() => replyToken('$JS.ACK.S.C.1.2', 3)).toThrow(/not a JetStream ack subject/);
    expect(() => replyToken('$JS.ACK.S.C.1.x2.3.4.5', 3)).toThrow(/not a JetStream ack subject/);
  });
});
