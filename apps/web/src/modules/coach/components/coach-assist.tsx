import { Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { editedShare, type Finding, type ReviewContext, review } from '@rapport/coach';
import { type Conversation, coachDismissalReasonLabels, coachDismissalReasons } from '@rapport/contracts';
import { IconCalendarDue, IconChevronDown, IconMessageExclamation, IconUser } from '@tabler/icons-react';
import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { TrackPromiseButton } from '../../commitments/components/track-promise-button.tsx';
import { useMessages } from '../../conversations/conversations.api.ts';
import { useCustomer } from '../../customers/customers.api.ts';
import { type DismissalReason, useCoachPhrases, useDismissFinding } from '../coach.api.ts';
import { applyRewrite, dismissalKey, formatDue, underlineSpans } from '../coach-words.ts';
import classes from './coach.module.css';

/** A pause this long in typing runs the review; a review takes well under a millisecond. */
const REVIEW_PAUSE_MS = 150;
const RECENT_CUSTOMER_MESSAGES = 5;
const EARLIER_REPLIES = 10;

type CoachAssistProps = {
  conversation: Conversation;
  text: string;
  onTextChange: (value: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  /** The saved reply as it was inserted, to tell how much of it the agent made their own. */
  savedReply: string | null;
  /** Notes are for colleagues: the coach reads replies to the customer only. */
  enabled: boolean;
};

/**
 * The reply coach in the composer: reviews the draft in the browser after each pause in typing,
 * underlines findings in the text (reason on hover), lists them with one-click rewrites, and lets
 * the agent set one aside with a reason.
 */
export function CoachAssist({ conversation, text, onTextChange, textarea, savedReply, enabled }: CoachAssistProps) {
  const phrases = useCoachPhrases(enabled);
  const messages = useMessages(conversation.id);
  const customer = useCustomer(conversation.customer.id, enabled);
  const dismiss = useDismissFinding();
  const [reviewed, setReviewed] = useState<{ text: string; findings: Finding[] }>({ text: '', findings: [] });
  const [dismissed, setDismissed] = useState<Set<string>>(() => new Set());
  const [hovered, setHovered] = useState<number | null>(null);

  const context = useMemo<Omit<ReviewContext, 'fromSavedReply' | 'now'>>(() => {
    const list = messages.data ?? [];
    return {
      customerName: conversation.customer.name,
      timeZone: customer.data?.timeZone ?? undefined,
      recentCustomerMessages: list
        .filter((m) => m.direction === 'inbound')
        .slice(-RECENT_CUSTOMER_MESSAGES)
        .map((m) => m.body),
      previousAgentReplies: list
        .filter((m) => m.direction === 'outbound')
        .slice(-EARLIER_REPLIES)
        .map((m) => m.body),
      accountPhrases: (phrases.data ?? []).map(({ id, phrase, category, reason, rewrite }) => ({
        id,
        phrase,
        category,
        reason,
        rewrite,
      })),
    };
  }, [conversation.customer.name, customer.data?.timeZone, messages.data, phrases.data]);

  useEffect(() => {
    if (!enabled || !text.trim()) {
      setReviewed({ text, findings: [] });
      return;
    }
    const timer = setTimeout(() => {
      const fromSavedReply = savedReply ? { editedShare: editedShare(savedReply, text) } : null;
      setReviewed({ text, findings: review(text, { ...context, fromSavedReply, now: new Date() }) });
    }, REVIEW_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, enabled, context, savedReply]);

  // Spans index the text they were computed on; while the agent types on, the last ones stay hidden.
  const current = reviewed.text === text ? reviewed.findings : [];
  const findings = current.filter((f) => !dismissed.has(dismissalKey(f, text)));

  const rewriteFinding = (finding: Finding, rewrite: string) => {
    const next = applyRewrite(text, finding, rewrite);
    onTextChange(next);
    const caret = next.length - (text.length - finding.end);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(caret, caret);
    });
  };

  const setAside = (finding: Finding, reason: DismissalReason) => {
    setDismissed((previous) => new Set(previous).add(dismissalKey(finding, text)));
    dismiss.mutate(
      { ruleId: finding.ruleId, reason, conversationId: conversation.id },
      {
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: 'The dismissal was not recorded',
            message: `${errorMessage(error)} The finding stays hidden in this draft.`,
          }),
      },
    );
  };

  if (!enabled) return null;
  return (
    <>
      <Underlines textarea={textarea} text={text} findings={findings} hovered={hovered} onHover={setHovered} />
      {findings.length > 0 ? (
        <section className={classes.findings} aria-label="Reply coach">
          {findings.map((finding, index) => (
            <FindingRow
              key={`${finding.ruleId}:${finding.start}`}
              finding={finding}
              text={text}
              conversationId={conversation.id}
              highlighted={hovered === index}
              timeZone={customer.data?.timeZone}
              onRewrite={(rewrite) => rewriteFinding(finding, rewrite)}
              onDismiss={(reason) => setAside(finding, reason)}
            />
          ))}
        </section>
      ) : null}
    </>
  );
}

function FindingRow({
  finding,
  text,
  conversationId,
  highlighted,
  timeZone,
  onRewrite,
  onDismiss,
}: {
  finding: Finding;
  text: string;
  conversationId: string;
  highlighted: boolean;
  timeZone: string | null | undefined;
  onRewrite: (rewrite: string) => void;
  onDismiss: (reason: DismissalReason) => void;
}) {
  const words = text.slice(finding.start, finding.end);
  const whole = finding.start === 0 && finding.end >= text.trimEnd().length;
  const Icon =
    finding.category === 'promise'
      ? IconCalendarDue
      : finding.category === 'personalisation'
        ? IconUser
        : IconMessageExclamation;
  return (
    <div className={classes.finding} data-severity={finding.severity} data-highlighted={highlighted || undefined}>
      <Icon size={16} aria-hidden className={classes.findingIcon} />
      <div className={classes.findingBody}>
        <Text size="sm" className={classes.findingText}>
          {whole || finding.category === 'personalisation' ? null : (
            <span className={classes.quoted} data-severity={finding.severity}>
              “{words.length > 80 ? `${words.slice(0, 77)}…` : words}”
            </span>
          )}{' '}
          {finding.reason}
        </Text>
        {finding.commitment ? (
          <Text size="xs" c="dimmed">
            Due {formatDue(finding.commitment.dueAt, timeZone)}{' '}
            {timeZone ? `(the customer's time, ${timeZone})` : "(UTC: the customer's time zone is not known)"}, read
            from “{finding.commitment.phrase}”.
          </Text>
        ) : null}
        <Group gap={6} mt={4}>
          {finding.rewrites.slice(0, 2).map((rewrite) => (
            <Button
              key={rewrite}
              size="compact-xs"
              variant="light"
              onClick={() => onRewrite(rewrite)}
              title={`Replace “${words}” with “${rewrite.trim()}”`}
              className={classes.rewrite}
            >
              Use “{rewrite.trim().replace(/\s+/g, ' ')}”
            </Button>
          ))}
          {finding.commitment ? (
            <TrackPromiseButton conversationId={conversationId} what={words} dueAt={finding.commitment.dueAt} />
          ) : null}
          {finding.category === 'promise' ? null : (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <UnstyledButton className={classes.dismiss} aria-label={`Dismiss: ${finding.reason}`}>
                  Dismiss <IconChevronDown size={12} aria-hidden />
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Why does this not apply?</Menu.Label>
                {coachDismissalReasons.map((reason) => (
                  <Menu.Item key={reason} onClick={() => onDismiss(reason)}>
                    {coachDismissalReasonLabels[reason]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </div>
    </div>
  );
}

const mirroredStyles = [
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'letterSpacing',
  'lineHeight',
  'textTransform',
  'wordSpacing',
  'tabSize',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'boxSizing',
] as const;

/**
 * Wavy underlines drawn in a transparent copy of the draft laid exactly over the textarea. It lets
 * every click through; hovering the textarea finds the underline under the pointer for its reason.
 */
function Underlines({
  textarea,
  text,
  findings,
  hovered,
  onHover,
}: {
  textarea: RefObject<HTMLTextAreaElement | null>;
  text: string;
  findings: Finding[];
  hovered: number | null;
  onHover: (index: number | null) => void;
}) {
  const mirror = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<{ left: number; top: number; reason: string } | null>(null);
  const spans = underlineSpans(findings);
  const visible = spans.length > 0;

  useLayoutEffect(() => {
    const node = textarea.current;
    const overlay = mirror.current;
    if (!node || !overlay || !visible) return;
    const place = () => {
      const style = getComputedStyle(node);
      for (const key of mirroredStyles) overlay.style[key] = style[key];
      const parent = overlay.offsetParent ?? document.body;
      const outer = parent.getBoundingClientRect();
      const inner = node.getBoundingClientRect();
      overlay.style.left = `${inner.left - outer.left - parent.clientLeft}px`;
      overlay.style.top = `${inner.top - outer.top - parent.clientTop}px`;
      overlay.style.width = `${inner.width}px`;
      overlay.style.height = `${inner.height}px`;
      overlay.scrollTop = node.scrollTop;
    };
    place();
    const resize = new ResizeObserver(place);
    resize.observe(node);
    const scroll = () => {
      overlay.scrollTop = node.scrollTop;
    };
    node.addEventListener('scroll', scroll);
    return () => {
      resize.disconnect();
      node.removeEventListener('scroll', scroll);
    };
  });

  useEffect(() => {
    const node = textarea.current;
    const overlay = mirror.current;
    if (!node || !overlay || !visible) {
      onHover(null);
      setTip(null);
      return;
    }
    const move = (event: MouseEvent) => {
      const marks = overlay.querySelectorAll<HTMLElement>('mark[data-index]');
      for (const mark of marks) {
        for (const rect of mark.getClientRects()) {
          if (
            event.clientX >= rect.left &&
            event.clientX <= rect.right &&
            event.clientY >= rect.top &&
            event.clientY <= rect.bottom
          ) {
            const index = Number(mark.dataset.index);
            const parent = (overlay.offsetParent ?? document.body).getBoundingClientRect();
            onHover(index);
            setTip({
              left: rect.left - parent.left,
              top: rect.bottom - parent.top + 4,
              reason: findings[index]?.reason ?? '',
            });
            return;
          }
        }
      }
      onHover(null);
      setTip(null);
    };
    const leave = () => {
      onHover(null);
      setTip(null);
    };
    node.addEventListener('mousemove', move);
    node.addEventListener('mouseleave', leave);
    return () => {
      node.removeEventListener('mousemove', move);
      node.removeEventListener('mouseleave', leave);
    };
  }, [textarea, visible, findings, onHover]);

  if (!visible) return null;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { finding, index } of spans) {
    if (finding.start > at) parts.push(text.slice(at, finding.start));
    parts.push(
      <mark
        key={`${finding.ruleId}:${finding.start}`}
        data-index={index}
        data-severity={finding.severity}
        data-hovered={hovered === index || undefined}
        className={classes.mark}
      >
        {text.slice(finding.start, finding.end)}
      </mark>,
    );
    at = finding.end;
  }
  parts.push(`${text.slice(at)}\n`);
  return (
    <>
      <div ref={mirror} className={classes.mirror} aria-hidden>
        {parts}
      </div>
      {tip ? (
        <div className={classes.tip} role="tooltip" style={{ left: tip.left, top: tip.top }}>
          {tip.reason}
        </div>
      ) : null}
    </>
  );
}
