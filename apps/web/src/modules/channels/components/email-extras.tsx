import { Button, Collapse, Group, Text } from '@mantine/core';
import type { MessageEmail } from '@rapport/contracts';
import { IconChevronDown, IconChevronUp, IconPhoto } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import classes from './channels.module.css';

/**
 * The parts of an email beyond its visible text: the quoted history and signature (kept, folded),
 * and the sanitised HTML, shown in a frame that runs nothing and loads remote images only on request.
 */
export function EmailExtras({ email }: { email: MessageEmail | null | undefined }) {
  const [quotedOpen, setQuotedOpen] = useState(false);
  const [formatted, setFormatted] = useState(false);
  const [remoteAllowed, setRemoteAllowed] = useState(false);
  if (!email || (!email.quoted && !email.html)) return null;
  return (
    <div className={classes.extras}>
      <Group gap={4}>
        {email.quoted ? (
          <Button
            variant="subtle"
            color="gray"
            size="compact-xs"
            onClick={() => setQuotedOpen((open) => !open)}
            aria-expanded={quotedOpen}
            leftSection={
              quotedOpen ? <IconChevronUp size={12} aria-hidden /> : <IconChevronDown size={12} aria-hidden />
            }
          >
            {quotedOpen ? 'Hide quoted text' : 'Show quoted text'}
          </Button>
        ) : null}
        {email.html ? (
          <Button variant="subtle" color="gray" size="compact-xs" onClick={() => setFormatted((open) => !open)}>
            {formatted ? 'Hide formatted email' : 'Show formatted email'}
          </Button>
        ) : null}
      </Group>
      {email.quoted ? (
        <Collapse expanded={quotedOpen}>
          <pre className={classes.quoted}>{email.quoted}</pre>
        </Collapse>
      ) : null}
      {email.html && formatted ? (
        <>
          {email.remoteImages && !remoteAllowed ? (
            <Group gap={6} mt={4}>
              <IconPhoto size={14} aria-hidden />
              <Text size="xs" c="dimmed" style={{ flex: '1 1 12rem' }}>
                Remote images are blocked so the sender cannot tell you opened this.
              </Text>
              <Button variant="light" size="compact-xs" onClick={() => setRemoteAllowed(true)}>
                Load images
              </Button>
            </Group>
          ) : null}
          <FormattedEmail html={email.html} remoteAllowed={remoteAllowed} />
        </>
      ) : null}
    </div>
  );
}

function FormattedEmail({ html, remoteAllowed }: { html: string; remoteAllowed: boolean }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(240);
  const document = useMemo(() => emailDocument(html, remoteAllowed), [html, remoteAllowed]);
  return (
    <iframe
      ref={frame}
      title="Formatted email"
      className={classes.frame}
      // No scripts, no forms; same origin only so inline (cid:) images load with the agent's session.
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      srcDoc={document}
      style={{ height }}
      onLoad={() => {
        const body = frame.current?.contentDocument?.body;
        if (body) setHeight(Math.min(Math.max(body.scrollHeight + 16, 80), 800));
      }}
    />
  );
}

/** The sanitised HTML in a page of its own, with a policy that blocks scripts and, until consent, remote images. */
function emailDocument(html: string, remoteAllowed: boolean): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  if (remoteAllowed) {
    for (const image of parsed.querySelectorAll('img[data-remote-src]')) {
      image.setAttribute('src', image.getAttribute('data-remote-src') ?? '');
      image.removeAttribute('data-remote-src');
    }
  }
  const images = remoteAllowed ? "'self' data: https: http:" : "'self' data:";
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${images}; style-src 'unsafe-inline'">`,
    '<base target="_blank">',
    '<style>body{font:14px/1.5 system-ui,sans-serif;margin:8px;color:#1a1b1e;background:#fff;word-wrap:break-word}img{max-width:100%;height:auto}</style>',
    `</head><body>${parsed.body.innerHTML}</body></html>`,
  ].join('');
}
