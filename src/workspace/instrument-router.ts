import express from 'express';
import type { Router } from 'express';
import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * The workspace's routes for the life of an instrument (life engineer).
 * @param deps - the services.
 * @returns the router (its owner fills it in).
 */
export function instrumentRouter(deps: WorkspaceDeps): Router {
  deps.logger.debug({ router: "instrument-router" }, "workspace routes not yet mounted");
  return express.Router();
}
