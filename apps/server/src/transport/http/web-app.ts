import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { isApiRoute } from './auth.ts';

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rapport</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>Rapport is running, but its web app is not built</h1>
<p>Run <code>npm run build</code> (or start with <code>npm start</code>, which builds first), then reload this page.</p>
<p>The API is available at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** Serves the built web app; any non-API path gets index.html so the app's router can take it. */
export async function registerWebApp(app: FastifyInstance, input: { distDir: string | undefined }): Promise<void> {
  const distDir = input.distDir;
  const built = distDir !== undefined && existsSync(path.join(distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (isApiRoute(url) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply
        .status(404)
        .send({ error: { code: 'route.not_found', message: `There is no ${request.method} ${url} in this API.` } });
    }
    if (!built) return reply.status(503).type('text/html').send(notBuiltPage);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
