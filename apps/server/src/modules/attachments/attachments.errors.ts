import { appError } from '../../platform/app-error.ts';

export const attachmentErrors = {
  notFound: () => appError('not_found', 'attachment.not_found', 'No such attachment.'),
  unavailable: () =>
    appError(
      'invalid',
      'attachment.unavailable',
      'One of the files is no longer available to send (already sent or expired); attach it again.',
    ),
  tooLarge: (maxBytes: number) =>
    appError(
      'too_large',
      'attachment.too_large',
      `The file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB; send a smaller file or a link to it.`,
      { maxBytes },
    ),
};
