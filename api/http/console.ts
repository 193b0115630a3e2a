/**
 * Serves the built staff console (console/ → console/dist, git-ignored) at /console/: hashed assets
 * cached for a year, every other path answered with index.html (the console routes in the browser),
 * and a Content-Security-Policy that lets the page talk only to this origin.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { repoRoot } from '../../lib/paths';

export const consoleDistDir = path.join(repoRoot, 'console', 'dist');

// Ant Design injects its styles at run time (CSS-in-JS), hence 'unsafe-inline' for styles only; scripts stay 'self'.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The public portal's pages (console/src/portal/Layout.tsx); any other path stays the gateway's 404. */
export const PORTAL_PAGES = ['/', '/flow', '/progress', '/complaints', '/notices', '/performance', '/rate'] as const;

/**
 * The public portal (second entry of the console build, portal.html) at the site root, with the same
 * CSP. Its assets are the console's (/console/assets/…), so nothing else is served from the root.
 */
export function portalRouter(distDir = consoleDistDir): Router {
  const r = Router();
  const portalFile = path.join(distDir, 'portal.html');
  r.get([...PORTAL_PAGES], (_req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    sendPage(res, portalFile, '公开服务页面');
  });
  return r;
}

/** An HTML entry of the build, never cached (its hashed assets are); 503 with a hint before the first build. */
function sendPage(res: Response, file: string, what: string): void {
  if (!fs.existsSync(file)) {
    res.status(503).type('text/plain; charset=utf-8').send(`${what}尚未构建：请运行 npm run console:build（npm start 会自动构建）。`);
    return;
  }
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(file);
}

export function consoleRouter(distDir = consoleDistDir): Router {
  const r = Router();
  const indexFile = path.join(distDir, 'index.html');

  r.use('/console', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    next();
  });
  // Express matches '/console' and '/console/' alike (non-strict routing): only the bare path redirects.
  r.get('/console', (req, res, next) => (req.path === '/console' ? res.redirect(301, '/console/') : next()));
  r.use(
    '/console/assets',
    express.static(path.join(distDir, 'assets'), {
      index: false,
      fallthrough: false,
      immutable: true,
      maxAge: '365d',
    }),
  );
  r.use('/console', express.static(distDir, { index: false, maxAge: 0 }));
  // History fallback: /console/tasks/XM-2026-000001.FGW-01 is a page of the console, not a file.
  r.get(/^\/console\/.*/, (_req, res) => sendPage(res, indexFile, '工作台'));
  return r;
}
