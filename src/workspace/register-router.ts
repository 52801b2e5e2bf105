import express from 'express';
import type { Router } from 'express';
import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * The workspace's routes for the guided registration flow and record forms (forms engineer).
 * @param deps - the services.
 * @returns the router (its owner fills it in).
 */
export function registerRouter(deps: WorkspaceDeps): Router {
  deps.logger.debug({ router: "register-router" }, "workspace routes not yet mounted");
  return express.Router();
}
