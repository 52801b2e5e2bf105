import type { Response } from 'express';
import { mediaTypeFor } from '../representation/index.js';

/**
 * Sends a page the page layer rendered: the one place HTTP writes an HTML response.
 * @param res - the response.
 * @param status - the HTTP status.
 * @param page - the rendered document.
 */
export function sendPage(res: Response, status: number, page: string): void {
  res.status(status).type(`${mediaTypeFor('html')}; charset=utf-8`).send(page);
}
