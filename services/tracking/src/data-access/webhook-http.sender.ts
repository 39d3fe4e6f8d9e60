/**
 * POSTs a webhook with Node's fetch: a timeout per attempt, redirects not followed
 * (a 3xx is an answer, recorded and not retried), the response body discarded.
 */
import type { WebhookPost, WebhookSender } from '../domain/status-webhooks.ports';
import type { PostResult } from '../domain/webhook-retry.rules';

/** `fetch failed` says nothing; its cause (ECONNREFUSED, a DNS failure, a reset) does. */
function networkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e.message ?? 'request failed'}: ${cause}` : (e?.message ?? String(error));
}

export class HttpWebhookSender implements WebhookSender {
  async post(request: WebhookPost): Promise<PostResult> {
    const started = performance.now();
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      // Not read: only the status matters, and a receiver's body may be large.
      await response.body?.cancel().catch(() => undefined);
      const retryAfter = response.headers.get('retry-after');
      return { kind: 'response', statusCode: response.status, ...(retryAfter ? { retryAfter } : {}), durationMs: performance.now() - started };
    } catch (error) {
      return { kind: 'network', error: networkError(error, request.timeoutMs), durationMs: performance.now() - started };
    }
  }
}
