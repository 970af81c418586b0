// The web UI at `/`: the built page's files, each registered as its own route (no wildcard), so every API
// path and the JSON 404 handler stay exactly as they are. Without a build, `/` says how to make one.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export interface WebUiOptions {
  /** Folder of the built page (its index.html), or null when there is no build. */
  dir: string | null;
  /** Said on the page's console and in a header when the build is stale or missing. */
  notice?: string;
}

export async function webRoutes(app: FastifyInstance, web: WebUiOptions): Promise<void> {
  if (web.notice) {
    app.addHook('onSend', async (request, reply) => {
      if (request.url === '/' || request.url.startsWith('/assets/'))
        reply.header('x-kuduso-web-notice', web.notice);
    });
  }
  if (!web.dir) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kuduso</title><body><h1>Kuduso</h1><p>${escapeHtml(web.notice ?? 'The web UI is not built.')}</p><p>The API is up: <a href="/docs">/docs</a>.</p></body></html>`,
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: web.dir,
    prefix: '/',
    wildcard: false,
    index: false,
    schemaHide: true,
    setHeaders(res, path) {
      // Hashed bundle names never change content; index.html must be re-read to pick a new build up.
      res.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') reply.header('content-security-policy', pageCsp(csp));
    return reply.sendFile('index.html');
  });
}

/**
 * The page's own Content-Security-Policy, from the API's. Scripts come only from this origin and are never
 * evaluated from strings (the form's validators are compiled at build time: no 'unsafe-eval'); the 3D view
 * may decode embedded images from blob: URLs, and an optional basemap's tiles come over https.
 */
export function pageCsp(apiCsp: string): string {
  return apiCsp
    .split(';')
    .map((d) => {
      const t = d.trim();
      if (t.startsWith('img-src ')) return `${t} blob: https:`;
      return t;
    })
    .join(';');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
