import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the chat widget: /widget.js (the loader sites paste; short cache so fixes reach every site
 * within minutes) and /widget/* (the frame it injects, which any site may embed). Files are read
 * once at start; the build is immutable while Rapport runs.
 */
export async function registerWidgetFiles(app: FastifyInstance, input: { distDir: string | undefined }): Promise<void> {
  const distDir = input.distDir;
  const types: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
    '.svg': 'image/svg+xml',
  };
  const read = (relative: string): Buffer | undefined => {
    if (!distDir) return undefined;
    const file = path.resolve(distDir, relative);
    if (!file.startsWith(path.resolve(distDir) + path.sep) || !existsSync(file)) return undefined;
    return readFileSync(file);
  };
  const notBuilt = { error: { code: 'widget.not_built', message: 'The widget is not built; run npm run build.' } };

  app.get('/widget.js', async (_request, reply) => {
    const body = read('widget.js');
    if (!body) return reply.status(404).send(notBuilt);
    return reply
      .header('content-type', types['.js'])
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(body);
  });

  app.get('/widget/*', async (request, reply) => {
    const relative = (request.params as { '*': string })['*'] || 'frame.html';
    const body = read(path.join('widget', relative));
    if (!body) return reply.status(404).send(notBuilt);
    const type = types[path.extname(relative)] ?? 'application/octet-stream';
    const isPage = relative.endsWith('.html');
    return (
      reply
        .header('content-type', type)
        // Hashed asset names change with each build; the page itself is always revalidated.
        .header('cache-control', isPage ? 'no-cache' : 'public, max-age=31536000, immutable')
        // The frame is made to be embedded by any site; it holds only the visitor's own chat.
        .header(
          'content-security-policy',
          isPage
            ? "frame-ancestors *; default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'"
            : "default-src 'none'",
        )
        .header('x-content-type-options', 'nosniff')
        .send(body)
    );
  });
}
