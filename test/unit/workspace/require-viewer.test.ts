import { describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { localPath, requireViewer } from '../../../src/workspace/require-viewer.js';

describe('localPath', () => {
  it('keeps a local path with its query.', () => {
    expect(localPath('/workspace/edit?iri=https%3A%2F%2Fror.org%2Fx')).toBe('/workspace/edit?iri=https%3A%2F%2Fror.org%2Fx');
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example/'],
    ['workspace'],
    ['/workspace\r\nSet-Cookie: x=1'],
    ['/\tevil'],
  ])('sends %j, which could leave this site, to the workspace home instead.', (next) => {
    expect(localPath(next)).toBe('/workspace');
  });

  it('gives the workspace home for a missing or repeated parameter.', () => {
    expect(localPath(undefined)).toBe('/workspace');
    expect(localPath(['/a', '/b'])).toBe('/workspace');
  });
});

describe('requireViewer', () => {
  function run(method: string, viewer: unknown): { status?: number; location?: string; nextCalled: boolean; body?: string } {
    const seen: { status?: number; location?: string; nextCalled: boolean; body?: string } = { nextCalled: false };
    const res = {
      locals: { viewer },
      redirect: (status: number, location: string) => Object.assign(seen, { status, location }),
      status(code: number) {
        seen.status = code;
        return this;
      },
      type() {
        return this;
      },
      send: (body: string) => Object.assign(seen, { body }),
    };
    requireViewer({ method, originalUrl: '/workspace/edit?iri=x' } as unknown as Request, res as unknown as Response, () => {
      seen.nextCalled = true;
    });
    return seen;
  }

  it('sends a signed-out GET to the sign-in page with where it was going.', () => {
    expect(run('GET', undefined)).toEqual({ nextCalled: false, status: 303, location: '/signin?next=%2Fworkspace%2Fedit%3Firi%3Dx' });
  });

  it('answers a signed-out POST with 401 and does not go on.', () => {
    const seen = run('POST', undefined);
    expect(seen.status).toBe(401);
    expect(seen.nextCalled).toBe(false);
    expect(seen.body).toContain('You are not signed in');
  });

  it('lets a signed-in request through.', () => {
    expect(run('POST', { name: 'Ada', admin: false }).nextCalled).toBe(true);
  });
});
