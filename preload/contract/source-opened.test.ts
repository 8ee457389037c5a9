import { describe, expect, it } from 'vitest';
import { sourceOpenedLine } from './source-opened';

describe('sourceOpenedLine', () => {
  it('names the port and its baud rate, 115200 when none is given', () => {
    expect(sourceOpenedLine({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 })).toBe('listening on /dev/ttyUSB0 at 9600 baud');
    expect(sourceOpenedLine({ kind: 'serial', path: 'COM3' })).toBe('listening on COM3 at 115200 baud');
  });

  it('names the topic and the broker with its port, never the credentials of the URL', () => {
    expect(sourceOpenedLine({ kind: 'mqtt', url: 'mqtt://localhost', topic: 'lab/#' })).toBe('subscribed to lab/# on mqtt://localhost:1883');
    expect(sourceOpenedLine({ kind: 'mqtt', url: 'mqtts://u:secret@broker.lab', topic: 't' })).toBe('subscribed to t on mqtts://broker.lab:8883');
    expect(sourceOpenedLine({ kind: 'mqtt', url: 'mqtt://10.0.0.5:11883', topic: 't' })).toBe('subscribed to t on mqtt://10.0.0.5:11883');
  });

  it('names the replayed file', () => {
    expect(sourceOpenedLine({ kind: 'replay', path: '/data/run.csv' })).toBe('replaying /data/run.csv');
  });
});
