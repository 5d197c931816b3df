// The machine's limit for a JSON route: Fastify with nothing else (no logging, no auth, no database).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.send?.('ready');
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
