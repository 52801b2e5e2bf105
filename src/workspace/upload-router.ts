import express from 'express';
import type { Router } from 'express';
import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * The workspace's routes for upload with preview (upload engineer).
 * @param deps - the services.
 * @returns the router (its owner fills it in).
 */
export function uploadRouter(deps: WorkspaceDeps): Router {
  deps.logger.debug({ router: "upload-router" }, "workspace routes not yet mounted");
  return express.Router();
}
