import { describe, expect, it } from 'vitest';
import { embedBatch, disposeBackbone } from '../ml/images/backbone';
import { loadTf } from '../runtime/backend';
import { openBackbone } from './backbone-source';

describe('MobileNetV2 from nsfwjs', () => {
  it('loads offline, cuts at flatten_1 (1,280 features) and runs at 96 and 224 px', async () => {
    const { tf } = await loadTf();
    const start = tf.memory().numTensors;
    for (const size of [96, 224]) {
      const { backbone, info } = await openBackbone(tf, { kind: 'builtin', id: 'mobilenet_v2' }, size);
      expect(info.features).toBe(1280);
      expect(info.inputSize).toBe(size);
      const rgb = new Uint8Array(2 * size * size * 3);
      for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 31) % 256;
      const t0 = Date.now();
      const f = await embedBatch(tf, backbone, rgb, 2);
      console.log(`size ${size}: ${(Date.now() - t0) / 2} ms per image`);
      expect(f.length).toBe(2 * 1280);
      expect(f.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      disposeBackbone(backbone);
    }
    expect(tf.memory().numTensors).toBe(start);
  });
});
