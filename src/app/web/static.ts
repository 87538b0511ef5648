// Serves the built web app (dist/web): hashed assets cached for a year, index.html never cached,
// and index.html for every other page address (the app routes in the browser). API, health and
// metrics addresses (and missing assets) never fall back to it: they stay a JSON 404.
import path from 'node:path';
import express, { type Router } from 'express';

const NOT_PAGES = /^\/(api|assets|health|ready|metrics)(\/|$)/;

export function webApp(distDir: string): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d' }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (NOT_PAGES.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexFile);
  });
  return router;
}
