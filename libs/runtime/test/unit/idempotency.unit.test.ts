/**
 * The request fingerprint behind `Idempotency-Key`: equal JSON bodies must hash the
 * same however their keys are ordered, and any change of value must change the hash.
 */
import { canonicalJson, idempotencyScope, requestBodyHash } from '../../src/http/idempotency.middleware';

describe('the canonical request body hash', () => {
  it('when two bodies differ only in key order, at any depth, then they hash the same', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'é' } };
    const b = { a: { x: 'é', y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":"é","y":[1,{"p":null,"q":true}]},"b":1}');
    expect(requestBodyHash(a)).toBe(requestBodyHash(b));
  });

  it('when a value, an array order or a type changes, then the hash changes', () => {
    const base = requestBodyHash({ a: [1, 2], b: '1' });
    expect(requestBodyHash({ a: [2, 1], b: '1' })).not.toBe(base);
    expect(requestBodyHash({ a: [1, 2], b: 1 })).not.toBe(base);
    expect(requestBodyHash({ a: [1, 2], b: '1', c: null })).not.toBe(base);
  });

  it('when there is no body, then it hashes as JSON null and is a SHA-256 hex digest', () => {
    expect(requestBodyHash(undefined)).toBe(requestBodyHash(null));
    expect(requestBodyHash(undefined)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when method, path, key or caller differ, then the scopes differ', () => {
    const base = { method: 'POST', path: '/v1/dossiers', key: 'k1' };
    const scopes = new Set([
      idempotencyScope(base),
      idempotencyScope({ ...base, path: '/v1/results/1/handover' }),
      idempotencyScope({ ...base, key: 'k2' }),
      idempotencyScope({ ...base, principal: 'portal' }),
    ]);
    expect(scopes.size).toBe(4);
  });
});
