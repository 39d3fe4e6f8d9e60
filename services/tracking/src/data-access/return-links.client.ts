/**
 * Asks the return service for an electronic result's download link, as the national
 * portal does for a citizen, with tracking's own API key (see @motcua/runtime's
 * service-credentials.ts). A key return refuses is checked and replaced before the next call.
 */
import type { ServiceCredential } from '@motcua/runtime';
import type { DownloadLinkIssuer } from '../domain/citizen-lookup.rules';

const TIMEOUT_MS = 5000;

export function returnDownloadLinks(returnUrl: string, credential: ServiceCredential | undefined): DownloadLinkIssuer {
  const base = returnUrl.replace(/\/$/, '');
  return async (resultId) => {
    if (!credential) throw new Error('tracking has no API key for return: set TRACKING_RETURN_API_KEY (or give tracking the key store)');
    const response = await fetch(`${base}/v1/results/${encodeURIComponent(resultId)}/download-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': await credential.key() },
      body: '{}',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) credential.refused();
    if (response.status !== 200) throw new Error(`return answered ${response.status} for result ${resultId}'s download link`);
    return (await response.json()) as { url: string; expiresAt: string };
  };
}
