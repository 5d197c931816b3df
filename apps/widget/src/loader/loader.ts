import type { WidgetHostMessage } from '@rapport/contracts';
import { isFrameMessage, newVisitorId } from '../protocol.ts';

/**
 * The script a site pastes: <script src="https://rapport.example/widget.js" data-inbox="…" async>.
 * Framework-free and small; it never blocks the page: it waits for the page to load, then adds a
 * launcher button and the chat frame (hidden until opened), isolated in a shadow root.
 *
 * Optional attributes: data-user-id and data-user-signature (hex HMAC-SHA256 of the user id with
 * the inbox's widget secret, computed by the site's server), data-name, data-email. The same can be
 * given later with window.RapportWidget.identify({ user: { id, signature }, name, email }).
 */
type Identity = Omit<Extract<WidgetHostMessage, { type: 'identify' }>, 'rapport' | 'type' | 'visitorId'>;

interface RapportWidgetApi {
  open(): void;
  close(): void;
  identify(details: Identity): void;
}

declare global {
  interface Window {
    RapportWidget?: RapportWidgetApi;
  }
}

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-inbox][src*="widget.js"]');

function start(tag: HTMLScriptElement): void {
  const inboxId = tag.dataset.inbox;
  if (!inboxId || window.RapportWidget) return;
  const origin = new URL(tag.src, location.href).origin;
  const german = (navigator.language || '').toLowerCase().startsWith('de');
  const words = german
    ? { open: 'Chat öffnen', close: 'Chat schließen', title: 'Chat mit dem Support-Team' }
    : { open: 'Open chat', close: 'Close chat', title: 'Chat with the support team' };
  let identity: Identity = {
    user:
      tag.dataset.userId && tag.dataset.userSignature
        ? { id: tag.dataset.userId, signature: tag.dataset.userSignature }
        : undefined,
    name: tag.dataset.name,
    email: tag.dataset.email,
  };

  // The visitor id lives in the site's own storage (see the protocol in @rapport/contracts). A
  // different signed-in user, or none after one, gets a fresh id: a shared computer never shows one
  // person's conversations to the next. Anonymous and then signed in keeps the id (the chat joins).
  const key = (name: string) => `rapport:${inboxId}:${name}`;
  let memoryVisitor: string | undefined;
  const visitorFor = (userId: string | undefined): string => {
    try {
      const bound = localStorage.getItem(key('user'));
      let id = localStorage.getItem(key('visitor'));
      if (!id || (bound !== null && bound !== (userId ?? null))) {
        id = newVisitorId();
        localStorage.setItem(key('visitor'), id);
      }
      if (userId) localStorage.setItem(key('user'), userId);
      else localStorage.removeItem(key('user'));
      return id;
    } catch {
      memoryVisitor ??= newVisitorId();
      return memoryVisitor;
    }
  };
  const identify = () => post({ rapport: 1, type: 'identify', ...identity, visitorId: visitorFor(identity.user?.id) });

  const host = document.createElement('div');
  host.setAttribute('data-rapport-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>
  :host{all:initial}
  .launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;
    background:#1c5d99;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483646;display:grid;place-items:center}
  .launcher:focus-visible{outline:3px solid #f5a524;outline-offset:3px}
  .launcher svg{width:28px;height:28px}
  .badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#c92a2a;
    color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center;box-sizing:border-box}
  .badge[hidden]{display:none}
  .panel{position:fixed;right:20px;bottom:88px;width:380px;height:min(600px,calc(100vh - 110px));border:0;border-radius:12px;
    box-shadow:0 8px 30px rgba(0,0,0,.25);z-index:2147483647;background:#fff;display:none}
  .panel.open{display:block}
  @media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}}
  </style>
  <iframe class="panel" title="${words.title}"></iframe>
  <button class="launcher" type="button" aria-label="${words.open}" aria-expanded="false">
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>
    <span class="badge" hidden></span>
  </button>`;
  const frame = root.querySelector('iframe') as HTMLIFrameElement;
  const launcher = root.querySelector('button') as HTMLButtonElement;
  const badge = root.querySelector('.badge') as HTMLSpanElement;
  let isOpen = false;
  let frameReady = false;

  const post = (message: WidgetHostMessage) => {
    if (frameReady) frame.contentWindow?.postMessage(message, origin);
  };
  const setOpen = (open: boolean) => {
    isOpen = open;
    frame.classList.toggle('open', open);
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? words.close : words.open);
    post({ rapport: 1, type: 'open', open });
    if (open) frame.focus();
  };
  launcher.addEventListener('click', () => setOpen(!isOpen));

  window.addEventListener('message', (event) => {
    // Only our frame, from Rapport's origin, speaks to the loader.
    if (event.source !== frame.contentWindow || event.origin !== origin || !isFrameMessage(event.data)) return;
    const message = event.data;
    if (message.type === 'ready') {
      frameReady = true;
      identify();
      post({ rapport: 1, type: 'open', open: isOpen });
    } else if (message.type === 'unread') {
      badge.hidden = message.count === 0;
      badge.textContent = message.count > 9 ? '9+' : String(message.count);
    } else if (message.type === 'close') {
      setOpen(false);
      launcher.focus();
    }
  });

  window.RapportWidget = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    identify(details) {
      identity = details;
      identify();
    },
  };

  frame.src = `${origin}/widget/frame.html?inbox=${encodeURIComponent(inboxId)}`;
  document.body.appendChild(host);
}

if (script) {
  const tag = script;
  // Never compete with the page: start once it has loaded.
  if (document.readyState === 'complete') start(tag);
  else window.addEventListener('load', () => start(tag), { once: true });
}
