/** Asks the return service for an electronic result's download link, as the national portal does for a citizen. */
import type { DownloadLinkIssuer } from '../domain/citizen-lookup.rules';

const TIMEOUT_MS = 5000;

export function returnDownloadLinks(returnUrl: string): DownloadLinkIssuer {
  const base = returnUrl.replace(/\/$/, '');
  return async (resultId) => {
    const response = await fetch(`${base}/v1/results/${encodeURIComponent(resultId)}/download-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status !== 200) throw new Error(`return answered ${response.status} for result ${resultId}'s download link`);
    return (await response.json()) as { url: string; expiresAt: string };
  };
}
