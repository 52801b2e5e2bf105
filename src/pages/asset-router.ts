import express from 'express';
import type { Router } from 'express';
import { SITE_STYLESHEET } from './site-stylesheet.js';

/**
 * Serves the page layer's static assets: the site stylesheet at its content-hashed path
 * (`/assets/site-{hash}.css`). The URL changes whenever the CSS does, so the answer may be cached
 * for a year and marked immutable; the ETag answers a revalidation with 304.
 * @returns the router, to mount before the not-found handler.
 * @example
 * app.use(assetRouter());
 */
export function assetRouter(): Router {
  const router = express.Router();
  router.get(SITE_STYLESHEET.path, (req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', SITE_STYLESHEET.etag);
    const noneMatch = req.get('if-none-match');
    if (noneMatch !== undefined && noneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(SITE_STYLESHEET.etag)) {
      res.status(304).end();
      return;
    }
    res.type('text/css; charset=utf-8').send(SITE_STYLESHEET.css);
  });
  return router;
}
