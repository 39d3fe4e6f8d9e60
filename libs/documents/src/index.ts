/** The documents a centre issues: typed data and printable Vietnamese HTML. */
export * from './documents.types';
export { renderDocumentHtml, documentTitle } from './render-html';
