import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256 } from '../../src/api/hmac.ts';

/** The signed history-file URLs rest on this: it must be the real HMAC-SHA256, block edges included. */
describe('HMAC-SHA256 without node:crypto (it runs in browsers)', () => {
  const bytes = (n: number, k: number) => new Uint8Array(n).map((_, i) => (i * k + 1) & 255);
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])('a %i-byte message equals node:crypto, for keys shorter and longer than a block', (len) => {
    const message = bytes(len, 7);
    expect(Buffer.from(sha256(message)).toString('hex')).toBe(createHash('sha256').update(message).digest('hex'));
    for (const keyLength of [0, 5, 32, 64, 65, 100]) {
      const key = bytes(keyLength, 13);
      expect(Buffer.from(hmacSha256(key, message)).toString('hex')).toBe(createHmac('sha256', key).update(message).digest('hex'));
    }
  });
});
