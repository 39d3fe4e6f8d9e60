/**
 * The Content-Security-Policy of the pages the services serve (slips, letters, the
 * manifest, the briefing, the verify page): nothing loads from anywhere, and a page's
 * own inline style sheets apply because their SHA-256 is listed — not 'unsafe-inline',
 * so a style that got into a page some other way does not.
 */
import { createHash } from 'node:crypto';

/** The CSP source that allows exactly this inline `<style>` or `<script>` text. */
export const inlineSourceHash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface PagePolicy {
  /** The text of each `<style>` element, exactly as written between the tags. */
  styles: string[];
  /** Script origins (`'self'` for a page's own script file); none by default. */
  scriptSrc?: string;
  connectSrc?: string;
  /** Image origins; none by default. */
  imgSrc?: string;
}

export function pageContentSecurityPolicy(policy: PagePolicy): string {
  return [
    "default-src 'none'",
    ...(policy.scriptSrc ? [`script-src ${policy.scriptSrc}`] : []),
    ...(policy.connectSrc ? [`connect-src ${policy.connectSrc}`] : []),
    `style-src ${policy.styles.map(inlineSourceHash).join(' ')}`,
    `img-src ${policy.imgSrc ?? "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
