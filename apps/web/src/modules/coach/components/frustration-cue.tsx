import { Tooltip } from '@mantine/core';
import { IconMoodSad } from '@tabler/icons-react';
import { useMe } from '../../auth/auth.api.ts';
import { useConversationFrustration } from '../coach.api.ts';
import classes from './coach.module.css';

/**
 * A calm note for the agent when the customer seems frustrated or uneasy: a cue to slow down.
 * Only the people serving the customer see it; it is never part of anything sent to the customer.
 */
export function FrustrationCue({ conversationId }: { conversationId: string }) {
  const me = useMe();
  const enabled = me.user.role === 'admin' || me.user.role === 'agent';
  const frustration = useConversationFrustration(conversationId, enabled);
  const data = frustration.data;
  if (!enabled || !data?.summary) return null;
  return (
    <Tooltip
      label={data.reasons.join(' ')}
      multiline
      w={320}
      position="bottom-start"
      withinPortal
      events={{ hover: true, focus: true, touch: true }}
    >
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the reasons */}
      <div className={classes.cue} role="status" tabIndex={0} data-level={data.level}>
        <IconMoodSad size={18} aria-hidden />
        <span>{data.summary}</span>
      </div>
    </Tooltip>
  );
}
