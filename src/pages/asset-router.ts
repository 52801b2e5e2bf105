import express from 'express';
import type { Router } from 'express';
import { entityTagMatches } from '../representation/index.js';
import { SPARQL_PAGE_SCRIPT } from './sparql-page-script.js';
import type { StaticAsset } from './static-asset.js';
import { SITE_STYLESHEET } from './site-stylesheet.js';

/** Every asset the pages link: the stylesheet and the progressive-enhancement scripts. */
const ASSETS: readonly StaticAsset[] = [
  { path: SITE_STYLESHEET.path, etag: SITE_STYLESHEET.etag, mediaType: 'text/css; charset=utf-8', body: SITE_STYLESHEET.css },
  SPARQL_PAGE_SCRIPT,
];

/**
 * Serves the page layer's static assets at their content-hashed paths: the site stylesheet
 * (`/assets/site-{hash}.css`) and the scripts (`/assets/sparql-page-{hash}.js`). The URL changes
 * whenever the content does, so the answer may be cached for a year and marked immutable; the ETag
 * answers a revalidation with 304.
 * @returns the router, to mount before the not-found handler.
 * @example
 * app.use(assetRouter());
 */
export function assetRouter(): Router {
  const router = express.Router();
  for (const asset of ASSETS) {
    router.get(asset.path, (req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('ETag', asset.etag);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (entityTagMatches(req.get('if-none-match'), asset.etag)) {
        res.status(304).end();
        return;
      }
      res.type(asset.mediaType).send(asset.body);
    });
  }
  return router;
}
