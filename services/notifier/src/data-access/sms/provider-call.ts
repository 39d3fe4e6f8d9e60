/** Classifies what an HTTP call to an SMS provider did, so the message is retried only when it certainly did not go out. */
import { smsOutcomeUnknown, smsUnavailable } from '../../domain/sms-delivery.errors';

/** Errors raised before the request could reach the provider. */
const notConnected = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export async function callProvider(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: string }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code && notConnected.has(cause.code)) throw smsUnavailable(provider, `not reachable (${cause.code})`, error);
    const name = (error as Error).name;
    const what = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : `${(error as Error).message}${cause?.code ? ` (${cause.code})` : ''}`;
    throw smsOutcomeUnknown(provider, what, error);
  }
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    // The status is in: the provider answered, only the body was cut.
    body = `(body unreadable: ${(error as Error).message})`;
  }
  return { status: response.status, body };
}
