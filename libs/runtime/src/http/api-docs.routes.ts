/**
 * `/openapi.json` and `/docs`, a Swagger UI page over it. The renderer is served from
 * the installed swagger-ui-dist package, not a CDN, so the page works on a centre's
 * network without Internet; its own start-up script is a file too, so the page's CSP
 * allows scripts from this origin only.
 */
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { apiRouter } from './api-router';
import type { JsonObject } from './openapi';

const assetsDir = dirname(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
const assets = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'] as const;

/** Swagger UI sets inline style attributes; scripts still come from this origin only. */
export const docsPageContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const docsPage = (service: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>motcua ${service} API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<script src="/docs/swagger-ui-bundle.js" defer></script><script src="/docs/docs.js" defer></script>
</head><body><div id="swagger-ui"></div></body></html>
`;

/** No validator badge: it would call an online service. */
const docsScript = `'use strict';
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
});
`;

const html = ['text/html; charset=utf-8'];

/** The contract is public: integrators generate their clients from it before they hold a key. */
const docsAccess = { public: 'the API contract and its documentation page; no data' } as const;

export function apiDocsRoutes(service: string, document: () => JsonObject) {
  const api = apiRouter();
  api.get({ path: '/openapi.json', summary: 'This OpenAPI 3.1 document', access: docsAccess, responses: { 200: { description: 'the document', schema: Type.Object({}, { additionalProperties: true }) } } }, ({ res }) => {
    res.json(document());
  });
  api.get({ path: '/docs', summary: 'The API documentation page (Swagger UI, works offline)', access: docsAccess, responses: { 200: { description: 'an HTML page', contentTypes: html } } }, ({ res }) => {
    res.set('content-security-policy', docsPageContentSecurityPolicy).type('html').send(docsPage(service));
  });
  api.get({ path: '/docs/docs.js', summary: 'The documentation page\'s start-up script', access: docsAccess, responses: { 200: { description: 'JavaScript', contentTypes: ['application/javascript'] } } }, ({ res }) => {
    res.type('application/javascript').send(docsScript);
  });
  api.get(
    {
      path: '/docs/:asset',
      summary: 'The documentation page\'s renderer (swagger-ui-dist)',
      access: docsAccess,
      params: Type.Object({ asset: Type.Union(assets.map((name) => Type.Literal(name))) }, { additionalProperties: false }),
      responses: { 200: { description: 'a stylesheet, script or icon', contentTypes: ['text/css', 'application/javascript', 'image/png'] } },
    },
    ({ params, res }) => {
      res.set('cache-control', 'public, max-age=86400').sendFile(join(assetsDir, params.asset));
    },
  );
  return api.router;
}
