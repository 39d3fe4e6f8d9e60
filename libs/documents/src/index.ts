/** The documents a centre issues: typed data and printable Vietnamese HTML. */
export * from './documents.types';
export { renderDocumentHtml, documentTitle } from './render-html';
export { formNumberOf, roleLabel, statusLabel, returnChannelLabel, maskedIdNumber } from './document.labels';
export { formatVietnamDate, formatVietnamDateTime } from './vietnam-time.format';
export { escapeHtml } from './html.template';
export { documentContentSecurityPolicy } from './page.layout';
export { inlineSourceHash, pageContentSecurityPolicy, type PagePolicy } from './content-security-policy';
