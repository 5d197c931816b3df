import { appError } from '../../platform/app-error.ts';

export const channelErrors = {
  notFound: () => appError('not_found', 'channel.not_found', 'That channel does not exist.'),
  inboxNotFound: () => appError('not_found', 'inbox.not_found', 'There is no inbox with this id in your account.'),
  addressTaken: (address: string) =>
    appError('conflict', 'channel.address_taken', `${address} already receives mail for another inbox.`),
  secretRequired: (field: string) =>
    appError('invalid', 'channel.secret_required', `Set ${field}: this channel cannot work without it.`, {
      fields: { [field]: 'is required' },
    }),
  badSignature: () =>
    appError('unauthenticated', 'channel.bad_signature', 'The request signature does not match this channel.'),
  badPayload: (reason: string) => appError('invalid', 'channel.bad_payload', reason),
};
