import type { Conversation } from '@rapport/contracts';
import { ExceptionsSection } from '../../exceptions/components/exceptions-section.tsx';
import { FollowUpSection } from '../../surveys/components/follow-up-section.tsx';
import { PromisesSection } from './promises-section.tsx';

/** What the desk owes this customer and what it gave them: mounted beside the conversation. */
export function FollowThroughPanels({ conversation }: { conversation: Conversation }) {
  return (
    <>
      <PromisesSection conversation={conversation} />
      <ExceptionsSection conversation={conversation} />
      <FollowUpSection conversation={conversation} />
    </>
  );
}
