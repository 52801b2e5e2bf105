import { html, layout } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { csrfField } from './form-controls.js';
import type { Viewer } from './viewer.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** What a workspace page gives the frame. */
export interface WorkspacePageParts {
  /** The page's own title (the frame adds ` · imaging-phd workspace`). */
  readonly title: string;
  /** Who is signed in; undefined on the signed-out pages (sign-in, one-time link). */
  readonly viewer: Viewer | undefined;
  readonly main: Html;
}

/**
 * A workspace page in the site layout, with the bar naming who is signed in and the sign-out
 * button (a POST form with the session's CSRF token: sign-out is a change, never a GET).
 * @param parts - title, viewer, content.
 * @returns the complete HTML document.
 */
export function workspacePage(parts: WorkspacePageParts): string {
  const { viewer } = parts;
  const bar = viewer === undefined
    ? html`<div class="ws-bar"><span>Not signed in</span><a href="${WORKSPACE_PATHS.signin}">Sign in</a></div>`
    : html`<div class="ws-bar"><span>Signed in as <strong>${viewer.name}</strong>${viewer.admin && ' (administrator)'}</span><span><a href="${WORKSPACE_PATHS.home}">Workspace</a> <form method="post" action="${WORKSPACE_PATHS.signout}">${csrfField(viewer.session.csrf)}<button type="submit" class="secondary">Sign out</button></form></span></div>`;
  return layout({ title: `${parts.title} · imaging-phd workspace`, head: html`<meta name="robots" content="noindex">`, main: html`${bar}${parts.main}` });
}
