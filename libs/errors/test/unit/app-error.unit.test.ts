import { AppError, classify, isAppError, transient } from '@motcua/errors';

describe('errors with stable codes', () => {
  it('an AppError carries code, status and retryability by kind', () => {
    const e = new AppError('SIGNING.CERT_EXPIRED', 'permanent', 'expired');
    expect([e.code, e.status, e.retryable]).toEqual(['SIGNING.CERT_EXPIRED', 422, false]);
    expect(transient('BUS.UNAVAILABLE', 'down').retryable).toBe(true);
  });

  it('recognises errors by shape, so codes survive crossing module copies and processes', () => {
    const copy = JSON.parse(JSON.stringify(new AppError('X.Y', 'conflict', 'm'))) as unknown;
    expect(isAppError(copy)).toBe(true);
    expect(isAppError(new Error('plain'))).toBe(false);
  });

  it('unknown errors are classified as retryable, app errors by their flag', () => {
    expect(classify(new Error('boom'))).toEqual({ code: 'INTERNAL.UNEXPECTED', message: 'boom', retryable: true });
    expect(classify(new AppError('A.B', 'validation', 'bad')).retryable).toBe(false);
  });
});
