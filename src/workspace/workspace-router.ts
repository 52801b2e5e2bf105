import express from 'express';
import type { Router } from 'express';
import { instrumentRouter } from './instrument-router.js';
import { registerRouter } from './register-router.js';
import { sessionRouter } from './session-router.js';
import { teamRouter } from './team-router.js';
import { uploadRouter } from './upload-router.js';
import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * The web workspace for facility staff: sign-in and sessions first (they set `res.locals.viewer`
 * and check the CSRF token of every form POST), then the pages. The JSON API keeps its bearer
 * tokens and never reads the session cookie, so a cross-site request cannot write through it.
 * @param deps - the services.
 * @returns the router, mounted by the composition root.
 */
export function workspaceRouter(deps: WorkspaceDeps): Router {
  const router = express.Router();
  router.use(sessionRouter(deps));
  router.use(teamRouter(deps));
  router.use(registerRouter(deps));
  router.use(uploadRouter(deps));
  router.use(instrumentRouter(deps));
  return router;
}
