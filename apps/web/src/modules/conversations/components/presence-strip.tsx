import { Avatar, Tooltip } from '@mantine/core';
import type { LivePerson } from '@rapport/contracts';
import { IconEye, IconUser } from '@tabler/icons-react';
import classes from './workspace.module.css';

function names(people: LivePerson[]): string {
  const first = people.map((person) => person.name);
  if (first.length <= 2) return first.join(' and ');
  return `${first[0]}, ${first[1]} and ${first.length - 2} more`;
}

/**
 * Who else has this conversation open, and who is typing in it, so two people do not answer the
 * same customer at once. Its height is fixed: people coming and going never move the composer.
 */
export function PresenceStrip({ viewers, typing }: { viewers: LivePerson[]; typing: LivePerson[] }) {
  const typingIds = new Set(typing.map((person) => person.userId));
  const onlyViewing = viewers.filter((person) => !typingIds.has(person.userId));
  const isOrAre = (people: LivePerson[]) => (people.length === 1 ? 'is' : 'are');
  return (
    <div className={classes.presence} role="status" aria-live="polite" data-testid="presence">
      {viewers.length > 0 || typing.length > 0 ? (
        <>
          <Avatar.Group spacing={6}>
            {viewers.slice(0, 3).map((person) => (
              <Tooltip key={person.userId} label={person.name}>
                {/* An icon, not initials: tiny initials cannot reach a readable contrast in every colour. */}
                <Avatar name={person.name} color="initials" size={20} radius="xl" aria-hidden>
                  <IconUser size={12} />
                </Avatar>
              </Tooltip>
            ))}
          </Avatar.Group>
          {typing.length === 0 ? <IconEye size={14} aria-hidden /> : null}
          <span data-testid="presence-text">
            {typing.length > 0 ? (
              <span>
                {names(typing)} {isOrAre(typing)} typing
                <span className={classes.typingDots} aria-hidden />
              </span>
            ) : null}
            {typing.length > 0 && onlyViewing.length > 0 ? <span aria-hidden>·</span> : null}
            {onlyViewing.length > 0 ? (
              <span>
                {names(onlyViewing)} {isOrAre(onlyViewing)} {typing.length > 0 ? 'viewing' : 'also viewing'}
              </span>
            ) : null}
          </span>
        </>
      ) : null}
    </div>
  );
}
