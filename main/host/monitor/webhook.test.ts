import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../export/local-servers';
import { checkWebhookUrl, postWebhook, type WebhookAttempt } from '../../../native-workers/host-api';

/** A real local receiver: answers each POST with the next status in `plan` (then 200), keeping the bodies. */
async function receiver(plan: number[]): Promise<{ url: string; bodies: unknown[]; close: () => void }> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ type: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      res.writeHead(plan.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, close: () => server.close() };
}

const closers: (() => void)[] = [];
afterAll(() => closers.forEach((c) => c()));

describe('alert webhooks', () => {
  it('POSTs JSON, retries a 503 with exponential backoff, and reports every attempt', async () => {
    const r = await receiver([503, 503]);
    closers.push(r.close);
    const attempts: WebhookAttempt[] = [];
    const t = Date.now();
    const out = await postWebhook(r.url, { model: 'm', value: 0.7 }, (a) => attempts.push(a), { baseDelayMs: 50 });
    expect(out).toEqual({ delivered: true, attempts: 3 });
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(attempts[0]!.error).toBe('the receiver answered 503');
    // 50 ms, then 100 ms between attempts.
    expect(attempts[2]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(150);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(r.bodies).toEqual(Array.from({ length: 3 }, () => ({ type: 'application/json', body: { model: 'm', value: 0.7 } })));
  });

  it('does not retry a 4xx, and an unreachable receiver ends as a failed delivery with each attempt recorded', async () => {
    const r = await receiver([404]);
    closers.push(r.close);
    const seen: WebhookAttempt[] = [];
    expect(await postWebhook(r.url, {}, (a) => seen.push(a), { baseDelayMs: 10 })).toEqual({ delivered: false, attempts: 1 });
    const dead: WebhookAttempt[] = [];
    const out = await postWebhook(`http://127.0.0.1:${await freePort()}/hook`, {}, (a) => dead.push(a), { baseDelayMs: 10, attempts: 3 });
    expect(out).toEqual({ delivered: false, attempts: 3 });
    expect(dead.map((a) => [a.status, a.error])).toEqual(Array.from({ length: 3 }, () => [null, 'ECONNREFUSED']));
  });

  it('takes only http(s) URLs', () => {
    expect(checkWebhookUrl('https://hooks.example.com/x')).toBe('https://hooks.example.com/x');
    expect(() => checkWebhookUrl('file:///etc/passwd')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => checkWebhookUrl('not a url')).toThrow(/not a URL/);
  });
});
