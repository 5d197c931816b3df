import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Conversation, Handoff } from '@rapport/contracts';
import { IconArrowsExchange, IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useTeams } from '../../teams/teams.api.ts';
import { useAcceptHandoff, useCancelHandoff, useHandoffs } from '../conversations.api.ts';
import { DeclineHandoffDialog } from './ownership-dialogs.tsx';

/** The teams the signed-in person belongs to; a handoff to one of them is theirs to answer. */
export function useMyTeamIds(): string[] {
  const me = useMe();
  const teams = useTeams();
  return (teams.data ?? [])
    .filter((team) => team.members.some((member) => member.userId === me.user.id))
    .map((team) => team.id);
}

export function isHandoffForMe(
  pending: Conversation['pendingHandoff'] | Handoff | undefined,
  myUserId: string,
  myTeamIds: string[],
): boolean {
  if (!pending) return false;
  const toUserId = 'toUserId' in pending ? pending.toUserId : (pending.toUser?.id ?? null);
  const toTeamId = 'toTeamId' in pending ? pending.toTeamId : (pending.toTeam?.id ?? null);
  if (toUserId) return toUserId === myUserId;
  return !!toTeamId && myTeamIds.includes(toTeamId);
}

/**
 * A waiting handoff, said plainly at the top of the conversation: to its receiver with the note and
 * the choice to accept or decline; to its sender with the reminder that they still own it.
 */
export function HandoffBanner({ conversation }: { conversation: Conversation }) {
  const me = useMe();
  const myTeamIds = useMyTeamIds();
  const handoffs = useHandoffs(conversation.id);
  const accept = useAcceptHandoff();
  const cancel = useCancelHandoff();
  const [declining, setDeclining] = useState(false);
  const pending = conversation.pendingHandoff;
  const handoff = handoffs.data?.find((item) => item.id === pending?.id && item.status === 'pending');
  if (!pending || !handoff) return null;

  const target = handoff.toUser?.name ?? handoff.toTeam?.name ?? 'someone';
  const forMe = isHandoffForMe(handoff, me.user.id, myTeamIds);
  const mine = handoff.from.id === me.user.id;

  if (forMe) {
    return (
      <Alert
        color="indigo"
        variant="light"
        radius={0}
        icon={<IconArrowsExchange aria-hidden />}
        title={`${handoff.from.name} asks ${handoff.toTeam && !handoff.toUser ? `${handoff.toTeam.name} (you)` : 'you'} to take this conversation`}
        styles={{ root: { flex: 'none' } }}
      >
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mb="xs">
          “{handoff.note}”
        </Text>
        <Group gap="sm">
          <Button
            size="xs"
            loading={accept.isPending}
            onClick={() =>
              accept.mutate(
                { conversationId: conversation.id, handoffId: handoff.id },
                {
                  onSuccess: () =>
                    notifications.show({
                      message: `You now own conversation ${conversation.number}. The customer has been told.`,
                    }),
                  onError: (error) =>
                    notifications.show({ color: 'red', title: 'Not accepted', message: errorMessage(error) }),
                },
              )
            }
          >
            Accept handoff
          </Button>
          <Button size="xs" variant="default" onClick={() => setDeclining(true)}>
            Decline…
          </Button>
        </Group>
        <DeclineHandoffDialog
          conversation={conversation}
          handoff={handoff}
          opened={declining}
          onClose={() => setDeclining(false)}
        />
      </Alert>
    );
  }

  return (
    <Alert
      color="gray"
      variant="light"
      radius={0}
      icon={<IconClock aria-hidden />}
      styles={{ root: { flex: 'none' }, body: { gap: 4 } }}
      p="xs"
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm">
          {mine
            ? `Waiting for ${target} to accept. You stay the owner until then.`
            : `${handoff.from.name} asked ${target} to take it; waiting for an answer.`}
        </Text>
        {mine || me.user.role === 'admin' ? (
          <Button
            size="compact-xs"
            variant="subtle"
            loading={cancel.isPending}
            style={{ flex: 'none' }}
            onClick={() =>
              cancel.mutate(
                { conversationId: conversation.id, handoffId: handoff.id },
                {
                  onSuccess: () => notifications.show({ message: 'Handoff withdrawn.' }),
                  onError: (error) =>
                    notifications.show({ color: 'red', title: 'Not withdrawn', message: errorMessage(error) }),
                },
              )
            }
          >
            Withdraw
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
