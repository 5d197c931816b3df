import { attachmentsConfig } from './modules/attachments/attachments.config.ts';
import { authConfig } from './modules/auth/auth.config.ts';
import { channelsConfig } from './modules/channels/channels.config.ts';
import { commitmentsConfig } from './modules/commitments/commitments.config.ts';
import { surveysConfig } from './modules/surveys/surveys.config.ts';
import { type ConfigValues, loadConfig } from './platform/config.ts';
import { storageConfig } from './storage/storage.config.ts';
import { httpConfig } from './transport/http/http.config.ts';

/** Every module's configuration slice; .env.example is generated from this. */
export const configDefinition = {
  http: httpConfig,
  storage: storageConfig,
  auth: authConfig,
  commitments: commitmentsConfig,
  surveys: surveysConfig,
  attachments: attachmentsConfig,
  channels: channelsConfig,
};

export type RapportConfig = ConfigValues<typeof configDefinition> & { publicUrl: string };

export function readConfig(env: Record<string, string | undefined>): RapportConfig {
  const values = loadConfig(configDefinition, env);
  const publicUrl = (values.http.publicUrl ?? `http://localhost:${values.http.port}`).replace(/\/$/, '');
  return { ...values, publicUrl };
}
