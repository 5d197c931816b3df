export { compileAccountPhrases, compileTemplate } from './compile.ts';
export { type DueTime, findDueTimes } from './due-time.ts';
export {
  type ConversationFrustration,
  type ConversationMessage,
  conversationFrustration,
  type Frustration,
  type FrustrationLevel,
  type FrustrationOptions,
  type FrustrationSignal,
  frustration,
} from './frustration.ts';
export { review, SAVED_REPLY_MIN_EDITED_SHARE } from './review.ts';
export { en } from './rules/en.ts';
export { editedShare, maskEchoes } from './text.ts';
export type * from './types.ts';
