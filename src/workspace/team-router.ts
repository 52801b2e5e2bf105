import express from 'express';
import type { Router } from 'express';
import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * The workspace's routes for dashboard, people, teams and API tokens (teams engineer).
 * @param deps - the services.
 * @returns the router (its owner fills it in).
 */
export function teamRouter(deps: WorkspaceDeps): Router {
  deps.logger.debug({ router: "team-router" }, "workspace routes not yet mounted");
  return express.Router();
}
