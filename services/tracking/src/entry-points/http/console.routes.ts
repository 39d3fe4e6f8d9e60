/** Serves the ops console: `/console` (the page) and its script. The data comes from tracking's JSON API. */
import type { Router } from 'express';
import { apiRouter } from '@motcua/runtime';
import { consolePageContentSecurityPolicy, consolePageHtml, consolePageScript } from './console.page';

export function consoleRoutes(): Router {
  const api = apiRouter();
  const page = consolePageHtml();
  api.get({ path: '/console', summary: 'The ops console (search, timeline, dashboard, dead letters, pipeline)', responses: { 200: { description: 'an HTML page', contentTypes: ['text/html; charset=utf-8'] } } }, ({ res }) => {
    res.set('content-security-policy', consolePageContentSecurityPolicy).type('text/html; charset=utf-8').send(page);
  });
  api.get({ path: '/console/console.js', summary: 'The console\'s script', responses: { 200: { description: 'JavaScript', contentTypes: ['text/javascript; charset=utf-8'] } } }, ({ res }) => {
    res.type('text/javascript; charset=utf-8').set('cache-control', 'no-cache').send(consolePageScript);
  });
  return api.router;
}
