/**
 * Serves the contract itself: `/openapi.json` and an offline Swagger UI at `/docs`.
 * The government network has no internet access, so every asset comes from swagger-ui-dist on
 * disk and Swagger UI's online validator badge is switched off (it would call validator.swagger.io).
 * The initializer is a separate script rather than inline so a strict CSP (helmet) can stay on.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import express, { type Router } from 'express';
import { openApiDocument } from './openapi-document';

export const DOCS_TITLE = '并联审批集成网关 API 文档';

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

export interface DocsRouterOptions {
  /** Page title; defaults to DOCS_TITLE. */
  title?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Mount at the application root (`app.use(docsRouter())`); links are built from `req.baseUrl`,
 * so mounting under a prefix also works.
 */
export function docsRouter(options: DocsRouterOptions = {}): Router {
  const title = options.title ?? DOCS_TITLE;
  const json = JSON.stringify(openApiDocument());
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  const router = express.Router();

  router.get('/openapi.json', (req, res) => {
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(json);
  });

  router.get('/docs', (req, res) => {
    const base = `${req.baseUrl}/docs/assets`;
    res.type('html').send(`<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="${base}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${base}/swagger-ui-bundle.js"></script>
  <script src="${base}/swagger-ui-standalone-preset.js"></script>
  <script src="${req.baseUrl}/docs/init.js"></script>
</body>
</html>
`);
  });

  router.get('/docs/init.js', (req, res) => {
    const config = { url: `${req.baseUrl}/openapi.json`, title };
    res.type('application/javascript').send(`window.onload = function () {
  var config = ${JSON.stringify(config)};
  document.title = config.title;
  window.ui = SwaggerUIBundle({
    url: config.url,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: true,
    displayOperationId: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout'
  });
};
`);
  });

  // The stock index.html and initializer point at the public Petstore demo; never serve them.
  router.get(['/docs/assets/index.html', '/docs/assets/swagger-initializer.js'], (_req, _res, next) => {
    next('router');
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, fallthrough: true, maxAge: '1d' }));

  return router;
}
