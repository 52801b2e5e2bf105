import express from 'express';
import type { Router } from 'express';
import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * The workspace's routes for the session layer and sign-in (signin engineer).
 * @param deps - the services.
 * @returns the router (its owner fills it in).
 */
export function sessionRouter(deps: WorkspaceDeps): Router {
  deps.logger.debug({ router: "session-router" }, "workspace routes not yet mounted");
  return express.Router();
}
