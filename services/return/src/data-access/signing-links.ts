/** Download links to signing's document route, signed with the secret signing checks them with. */
import { signLink } from '@motcua/runtime';
import type { DownloadLinks } from '../domain/return.ports';

/** The path signing serves a document at; the signature covers exactly this. */
export const documentPath = (documentId: string): string => `/v1/documents/${encodeURIComponent(documentId)}`;

export function signingDownloadLinks(signingPublicUrl: string, secret: string): DownloadLinks {
  return {
    issue(documentId, expiresAt) {
      const path = documentPath(documentId);
      const { expires, signature } = signLink(secret, path, expiresAt);
      // The expiry travels in whole seconds: report the instant the link really stops working.
      return { url: `${signingPublicUrl}${path}?expires=${expires}&signature=${signature}`, expiresAt: new Date(expires * 1000) };
    },
  };
}
