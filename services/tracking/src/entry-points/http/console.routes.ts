/**
 * Serves the ops console: `/console` (the page) and its script. The page holds no data:
 * it calls tracking's JSON API with the officer's token (pasted in, or handed over in
 * the URL's fragment by `motcua start`), which decides what it shows.
 */
import type { Router } from 'express';
import { apiRouter } from '@motcua/runtime';
import { consolePageContentSecurityPolicy, consolePageHtml, consolePageScript } from './console.page';

const shell = { public: 'the page and its script only; every figure comes from the API with the officer\'s token' } as const;

export function consoleRoutes(): Router {
  const api = apiRouter();
  const page = consolePageHtml();
  api.get({ path: '/console', summary: 'The ops console (search, timeline, dashboard, dead letters, pipeline)', access: shell, responses: { 200: { description: 'an HTML page', contentTypes: ['text/html; charset=utf-8'] } } }, ({ res }) => {
    res.set('content-security-policy', consolePageContentSecurityPolicy).type('text/html; charset=utf-8').send(page);
  });
  api.get({ path: '/console/console.js', summary: 'The console\'s script', access: shell, responses: { 200: { description: 'JavaScript', contentTypes: ['text/javascript; charset=utf-8'] } } }, ({ res }) => {
    res.type('text/javascript; charset=utf-8').set('cache-control', 'no-cache').send(consolePageScript);
  });
  return api.router;
}
