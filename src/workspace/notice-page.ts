import type { Response } from 'express';
import { sendPage } from '../http/index.js';
import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { viewerOf } from './viewer.js';
import { workspacePage } from './workspace-page.js';

/** What a notice page says. */
export interface Notice {
  readonly title: string;
  /** What happened and what to do next, in words. */
  readonly message: string;
  /** A link onwards (e.g. back to the sign-in page). */
  readonly next?: { readonly href: string; readonly label: string };
}

/**
 * Answers with a short page in words — a refused form, a used link, a sign-in that failed — in the
 * workspace frame (with the viewer, if any).
 * @param res - the response.
 * @param status - the HTTP status.
 * @param notice - title, message, a link onwards.
 */
export function sendNotice(res: Response, status: number, notice: Notice): void {
  const onwards: Html | false = notice.next !== undefined && html`<p><a href="${notice.next.href}">${notice.next.label}</a></p>`;
  sendPage(res, status, workspacePage({ title: notice.title, viewer: viewerOf(res), main: html`<h1>${notice.title}</h1><p>${notice.message}</p>${onwards}` }));
}
