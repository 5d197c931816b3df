// Rapport as `rapport start` runs it (same composition root), configured from the environment.
import { readConfig } from '../../apps/server/src/config.ts';
import { startRapport } from '../../apps/server/src/main.ts';

const running = await startRapport(readConfig(process.env));
process.send?.('ready');
process.once('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
