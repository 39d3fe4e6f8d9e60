/** Serves the ops console: `/console` (the page) and its script. The data comes from tracking's JSON API. */
import { Router } from 'express';
import { consolePageContentSecurityPolicy, consolePageHtml, consolePageScript } from './console.page';

export function consoleRoutes(): Router {
  const router = Router();
  const page = consolePageHtml();
  router.get('/console', (_req, res) => {
    res.set('content-security-policy', consolePageContentSecurityPolicy).type('text/html; charset=utf-8').send(page);
  });
  router.get('/console/console.js', (_req, res) => {
    res.type('text/javascript; charset=utf-8').set('cache-control', 'no-cache').send(consolePageScript);
  });
  return router;
}
