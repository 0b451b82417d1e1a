import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, SIGNATURE_TOLERANCE_SECONDS, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = '{"deliveryId":"d1","type":"status_change","change":{"id":"c1","kind":"ASSESSMENT","occurredAt":"2026-12-01T07:00:00.000Z"}}';
  const now = 1_764_590_400;

  it('verifies its own signature, made over the timestamp and the exact body', () => {
    const header = signWebhook(secret, body, now);
    expect(header).toMatch(/^t=1764590400,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, now)).toBe(true);
    expect(verifyWebhook(secret, body, header, now + SIGNATURE_TOLERANCE_SECONDS)).toBe(true);
  });

  it('refuses another body, another secret, another time, an old or future signature, and a malformed header', () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhook(secret, body.replace('ASSESSMENT', 'MOVE'), header, now)).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), body, header, now)).toBe(false);
    expect(verifyWebhook(secret, body, header.replace('t=1764590400', 't=1764590401'), now)).toBe(false);
    expect(verifyWebhook(secret, body, header, now + SIGNATURE_TOLERANCE_SECONDS + 1)).toBe(false);
    expect(verifyWebhook(secret, body, header, now - SIGNATURE_TOLERANCE_SECONDS - 1)).toBe(false);
    expect(verifyWebhook(secret, body, undefined, now)).toBe(false);
    expect(verifyWebhook(secret, body, 'v1=abc', now)).toBe(false);
  });

  it('makes a new secret each time', () => {
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
