import type {
  WidgetConversation,
  WidgetHostMessage,
  WidgetInbox,
  WidgetMessage,
  WidgetServerFrame,
} from '@rapport/contracts';
import type { WidgetFrameMessage } from '../protocol.ts';
import { isHostMessage } from '../protocol.ts';
import { createApi, WidgetApiError } from './api.ts';
import { fill, formatTime, formatWait, pickLanguage, wordsFor } from './i18n.ts';
import { createStore, newClientId, type OutboxItem } from './store.ts';
import './frame.css';

const inboxId = new URLSearchParams(location.search).get('inbox') ?? '';
const language = pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
const t = wordsFor(language);
document.documentElement.lang = language;
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const store = createStore(inboxId);
const api = createApi(inboxId, () => store.visitorId());
const embedded = window.parent !== window;

const state = {
  inbox: null as WidgetInbox | null,
  conversation: null as WidgetConversation | null,
  messages: new Map<string, WidgetMessage>(),
  outbox: store.outbox(),
  sending: new Set<string>(),
  seenAt: null as string | null,
  typing: null as { name: string; until: number } | null,
  open: !embedded,
  unread: 0,
  email: null as string | null,
  contactSaved: false,
  sound: store.sound(),
  error: null as string | null,
  online: navigator.onLine,
  /** Files attached to the message being written: uploading (no id yet) or uploaded. */
  files: [] as { id: string | null; name: string }[],
};

// ——— elements (built once; only their contents change) ———
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};
const app = document.getElementById('app') as HTMLElement;
const header = el('header', 'header');
const title = el('h1', 'title');
const status = el('p', 'status');
const soundButton = el('button', 'icon-button');
soundButton.type = 'button';
const closeButton = el('button', 'icon-button', '×');
closeButton.type = 'button';
closeButton.setAttribute('aria-label', t.close);
const titleBox = el('div', 'title-box');
titleBox.append(title, status);
const headerButtons = el('div', 'header-buttons');
headerButtons.append(soundButton, ...(embedded ? [closeButton] : []));
header.append(titleBox, headerButtons);
const personBar = el('div', 'person-bar');
const personButton = el('button', 'person-button', t.person);
personButton.type = 'button';
const personNote = el('p', 'person-note', t.personNote);
personNote.hidden = true;
personBar.append(personButton, personNote);
const log = el('div', 'log');
log.setAttribute('role', 'log');
log.setAttribute('aria-live', 'polite');
log.setAttribute('aria-label', t.title.replace('{team}', ''));
const quoteBox = el('section', 'quote');
quoteBox.setAttribute('aria-live', 'polite');
const typingLine = el('p', 'typing');
typingLine.setAttribute('aria-live', 'polite');
const offlineBanner = el('p', 'offline', t.offline);
const errorLine = el('p', 'error');
errorLine.setAttribute('role', 'alert');
const contactForm = el('form', 'contact');
const contactText = el('p', 'contact-text', t.leaveEmail);
const emailInput = el('input');
emailInput.type = 'email';
emailInput.required = true;
emailInput.placeholder = t.email;
emailInput.setAttribute('aria-label', t.email);
emailInput.autocomplete = 'email';
const nameInput = el('input');
nameInput.placeholder = t.name;
nameInput.setAttribute('aria-label', t.name);
nameInput.autocomplete = 'name';
const contactSave = el('button', 'secondary', t.save);
contactSave.type = 'submit';
const contactRow = el('div', 'contact-row');
contactRow.append(emailInput, nameInput, contactSave);
contactForm.append(contactText, contactRow);
const composer = el('form', 'composer');
const textarea = el('textarea');
textarea.rows = 2;
textarea.placeholder = t.placeholder;
textarea.setAttribute('aria-label', t.label);
const sendButton = el('button', 'primary', t.send);
sendButton.type = 'submit';
const attachButton = el('button', 'icon-button attach');
attachButton.type = 'button';
attachButton.setAttribute('aria-label', t.attach);
attachButton.title = t.attach;
const fileInput = el('input');
fileInput.type = 'file';
fileInput.hidden = true;
fileInput.setAttribute('aria-label', t.attach);
const pendingFiles = el('div', 'pending-files');
composer.append(attachButton, fileInput, textarea, sendButton);
app.append(header, personBar, log, quoteBox, typingLine, offlineBanner, errorLine, contactForm, pendingFiles, composer);

const svg = (path: string) =>
  `<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${path}</svg>`;
const bellIcon = svg('<path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a1.9 1.9 0 0 0 3.4 0"/>');
const clipIcon = svg(
  '<path d="m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5"/>',
);
const bellOffIcon = svg(
  '<path d="M8.7 3.3A6 6 0 0 1 18 8c0 3 .6 5.1 1.3 6.5"/><path d="M17 17H3s3-2 3-9c0-.6.1-1.2.3-1.8"/><path d="M10.3 21a1.9 1.9 0 0 0 3.4 0"/><path d="m2 2 20 20"/>',
);

// ——— rendering ———
function sortedMessages(): WidgetMessage[] {
  return [...state.messages.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function lastMessageId(): string | null {
  return sortedMessages().at(-1)?.id ?? null;
}

function fileLink(file: { name: string; url?: string }): HTMLElement {
  const link = el('button', 'file', file.name);
  link.type = 'button';
  const url = file.url;
  if (!url) {
    link.disabled = true;
    return link;
  }
  link.addEventListener('click', async () => {
    try {
      const blob = await api.download(url);
      const anchor = el('a');
      anchor.href = URL.createObjectURL(blob);
      anchor.download = file.name;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(anchor.href), 10_000);
    } catch (error) {
      state.error = fill(t.error, { message: error instanceof Error ? error.message : String(error) });
      render();
    }
  });
  return link;
}

// Images are fetched once with the visitor header and shown from a blob URL.
const imageUrls = new Map<string, Promise<string>>();
function inlineImage(file: { id: string; name: string; url: string }): HTMLElement {
  const image = el('img', 'inline-image');
  image.alt = file.name;
  let loading = imageUrls.get(file.id);
  if (!loading) {
    loading = api.download(file.url).then((blob) => URL.createObjectURL(blob));
    imageUrls.set(file.id, loading);
  }
  loading.then(
    (src) => {
      image.src = src;
    },
    () => image.remove(),
  );
  return image;
}

interface BubbleFile {
  id: string;
  name: string;
  url?: string;
  inline?: boolean;
}

function bubble(input: {
  body: string;
  mine: boolean;
  who: string;
  note?: string | undefined;
  system?: boolean;
  files?: BubbleFile[];
}): HTMLElement {
  const item = el('div', `message ${input.mine ? 'mine' : 'theirs'}${input.system ? ' system' : ''}`);
  item.append(el('span', 'who', input.who));
  // Customers' and agents' text is always text: markup shows as typed, never runs.
  if (input.body) item.append(el('p', 'body', input.body));
  for (const file of input.files ?? []) {
    if (file.inline && file.url) item.append(inlineImage({ id: file.id, name: file.name, url: file.url }));
    item.append(fileLink(file));
  }
  if (input.note) item.append(el('span', 'state', input.note));
  return item;
}

function renderLog(): void {
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  log.replaceChildren();
  const messages = sortedMessages();
  if (messages.length === 0 && state.outbox.length === 0) {
    const intro = el('div', 'intro');
    intro.append(el('p', '', t.intro));
    if (state.inbox)
      intro.append(el('p', 'muted', fill(t.usually, { wait: formatWait(state.inbox.quote.waitMs, language) })));
    log.append(intro);
  }
  const lastInbound = messages.filter((m) => m.direction === 'inbound').at(-1);
  for (const message of messages) {
    const mine = message.direction === 'inbound';
    const who = mine ? t.you : message.authorType === 'system' ? t.system : (message.authorName ?? t.team);
    const note =
      mine && message.id === lastInbound?.id
        ? state.seenAt && state.seenAt >= message.createdAt
          ? t.seen
          : t.sent
        : undefined;
    log.append(
      bubble({
        body: message.body,
        mine,
        who,
        note,
        system: message.authorType === 'system',
        files: message.attachments,
      }),
    );
  }
  for (const item of state.outbox) {
    log.append(
      bubble({
        body: item.body,
        mine: true,
        who: t.you,
        note: state.sending.has(item.clientId) ? t.sending : t.queued,
        files: item.attachments ?? [],
      }),
    );
  }
  if (nearBottom || state.outbox.length > 0) log.scrollTop = log.scrollHeight;
}

function renderQuote(): void {
  quoteBox.replaceChildren();
  const quote = state.conversation?.quote;
  if (quote && !quote.answered) {
    const text = quote.revisedDueAt
      ? fill(t.quoteRevised, { time: formatTime(quote.revisedDueAt, language) })
      : quote.backAt
        ? fill(t.quoteAway, { back: formatTime(quote.backAt, language), time: formatTime(quote.dueAt, language) })
        : fill(t.quote, { time: formatTime(quote.dueAt, language), wait: formatWait(quote.waitMs, language) });
    quoteBox.append(el('p', 'quote-text', text));
    const rate = state.inbox?.keptRate;
    if (rate && rate.total > 0) {
      quoteBox.append(
        el(
          'p',
          'muted',
          fill(t.keptRate, { share: Math.round((rate.kept / rate.total) * 100), kept: rate.kept, total: rate.total }),
        ),
      );
    }
  }
  quoteBox.hidden = quoteBox.childElementCount === 0;
}

function render(): void {
  const inbox = state.inbox;
  title.textContent = fill(t.title, { team: inbox?.name ?? '' });
  status.textContent = inbox
    ? inbox.open
      ? t.open
      : fill(t.away, { time: formatTime(inbox.backAt ?? '', language) })
    : '';
  // Static markup of our own (no customer text), so innerHTML is safe here.
  soundButton.innerHTML = state.sound ? bellIcon : bellOffIcon;
  attachButton.innerHTML = clipIcon;
  pendingFiles.replaceChildren();
  for (const file of state.files) {
    const chip = el('span', 'chip', file.id ? file.name : fill(t.uploading, { name: file.name }));
    if (file.id) {
      const remove = el('button', 'chip-remove', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', fill(t.remove, { name: file.name }));
      remove.addEventListener('click', () => {
        state.files = state.files.filter((other) => other !== file);
        render();
      });
      chip.append(remove);
    }
    pendingFiles.append(chip);
  }
  pendingFiles.hidden = state.files.length === 0;
  soundButton.setAttribute('aria-label', state.sound ? t.soundOn : t.soundOff);
  soundButton.setAttribute('aria-pressed', String(state.sound));
  renderLog();
  renderQuote();
  const typing = state.typing && state.typing.until > Date.now() ? state.typing : null;
  typingLine.textContent = typing ? (typing.name ? fill(t.typing, { name: typing.name }) : t.teamTyping) : '';
  offlineBanner.hidden = state.online;
  errorLine.textContent = state.error ?? '';
  errorLine.hidden = !state.error;
  const wrote = state.messages.size > 0;
  contactForm.hidden = !wrote || (state.email !== null && !state.contactSaved);
  if (state.contactSaved && state.email) {
    contactForm.replaceChildren(el('p', 'contact-text', fill(t.saved, { email: state.email })));
  }
}

// ——— talking to the loader ———
function tellHost(message: WidgetFrameMessage): void {
  if (embedded) window.parent.postMessage(message, '*');
}

function countUnread(message: WidgetMessage): void {
  if (message.direction !== 'outbound') return;
  if (state.sound) beep();
  if (state.open) return;
  state.unread++;
  tellHost({ rapport: 1, type: 'unread', count: state.unread });
}

function beep(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 660;
    gain.gain.value = 0.05;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.15);
  } catch {
    // No audio: the unread badge still tells.
  }
}

// ——— messages in ———
function receive(message: WidgetMessage, live: boolean): void {
  const isNew = !state.messages.has(message.id);
  state.messages.set(message.id, message);
  if (message.clientId) {
    const before = state.outbox.length;
    state.outbox = state.outbox.filter((item) => item.clientId !== message.clientId);
    if (state.outbox.length !== before) store.saveOutbox(state.outbox);
  }
  if (message.direction === 'outbound' && state.typing) state.typing = null;
  if (isNew && live) countUnread(message);
}

// ——— live channel ———
let socket: WebSocket | null = null;
let retryMs = 1000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function connect(): void {
  if (socket || !state.online || state.messages.size + state.outbox.length === 0) return;
  const ws = new WebSocket(api.liveUrl());
  socket = ws;
  ws.addEventListener('open', () => {
    ws.send(JSON.stringify({ type: 'hello', visitorId: store.visitorId(), after: lastMessageId() }));
  });
  ws.addEventListener('message', (event) => {
    let frame: WidgetServerFrame;
    try {
      frame = JSON.parse(String(event.data)) as WidgetServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'ready') {
      retryMs = 1000;
      void flush();
    } else if (frame.type === 'message') receive(frame.message, true);
    else if (frame.type === 'typing')
      state.typing = frame.isTyping ? { name: frame.name, until: Date.now() + 6000 } : null;
    else if (frame.type === 'seen') state.seenAt = frame.at;
    else if (frame.type === 'quote' && state.conversation?.id === frame.conversationId)
      state.conversation = { ...state.conversation, quote: frame.quote };
    render();
  });
  ws.addEventListener('close', () => {
    socket = null;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15_000);
  });
}

// ——— messages out: written to the outbox first, sent once ———
let flushing = false;
let flushTimer: ReturnType<typeof setTimeout> | undefined;

async function flush(): Promise<void> {
  if (flushing || !state.online) return;
  flushing = true;
  try {
    while (state.outbox.length > 0) {
      const item = state.outbox[0] as OutboxItem;
      state.sending.add(item.clientId);
      render();
      try {
        const result = await api.send({
          clientId: item.clientId,
          body: item.body,
          ...(item.attachments?.length ? { attachmentIds: item.attachments.map((file) => file.id) } : {}),
          language: navigator.language,
          timeZone,
        });
        state.conversation = result.conversation;
        state.error = null;
        receive(result.message, false);
        state.outbox = state.outbox.filter((queued) => queued.clientId !== item.clientId);
        store.saveOutbox(state.outbox);
        connect();
      } catch (error) {
        if (error instanceof WidgetApiError && error.status === 429) {
          state.error = error.message;
          scheduleFlush((error.retryAfterSeconds ?? 10) * 1000);
          return;
        }
        if (error instanceof WidgetApiError) {
          // Refused for good (too long, closed inbox): say why and keep the text in the box to edit.
          state.error = fill(t.error, { message: error.message });
          state.outbox = state.outbox.filter((queued) => queued.clientId !== item.clientId);
          store.saveOutbox(state.outbox);
          if (!textarea.value) textarea.value = item.body;
          continue;
        }
        // No connection: it stays in the outbox and goes when the browser is back online.
        scheduleFlush(5000);
        return;
      } finally {
        state.sending.delete(item.clientId);
        render();
      }
    }
  } finally {
    flushing = false;
  }
}

function scheduleFlush(ms: number): void {
  clearTimeout(flushTimer);
  flushTimer = setTimeout(() => void flush(), ms);
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const body = textarea.value.trim();
  const ready = state.files.filter((file): file is { id: string; name: string } => file.id !== null);
  // Wait for uploads to finish; a message needs words or a file.
  if (ready.length !== state.files.length || (!body && ready.length === 0)) return;
  const max = state.inbox?.limits.messageLength ?? 5000;
  if (body.length > max) {
    state.error = fill(t.tooLong, { max });
    render();
    return;
  }
  state.error = null;
  state.outbox.push({ clientId: newClientId(), body, attachments: ready, createdAt: new Date().toISOString() });
  store.saveOutbox(state.outbox);
  textarea.value = '';
  state.files = [];
  stopTyping();
  render();
  void flush();
});
textarea.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

// ——— typing ———
let typingSentAt = 0;
let typingIdle: ReturnType<typeof setTimeout> | undefined;
function stopTyping(): void {
  clearTimeout(typingIdle);
  if (typingSentAt && socket?.readyState === WebSocket.OPEN)
    socket.send(JSON.stringify({ type: 'typing', isTyping: false }));
  typingSentAt = 0;
}
textarea.addEventListener('input', () => {
  if (socket?.readyState !== WebSocket.OPEN) return;
  if (Date.now() - typingSentAt > 3000) {
    socket.send(JSON.stringify({ type: 'typing', isTyping: true }));
    typingSentAt = Date.now();
  }
  clearTimeout(typingIdle);
  typingIdle = setTimeout(stopTyping, 4000);
});
setInterval(() => {
  if (state.typing && state.typing.until <= Date.now()) {
    state.typing = null;
    render();
  }
}, 1000);

// ——— files ———
attachButton.addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  fileInput.value = '';
  if (!file) return;
  const max = state.inbox?.limits.attachmentBytes ?? 10 * 1024 * 1024;
  if (file.size > max) {
    state.error = fill(t.fileTooLarge, { name: file.name, max: Math.round(max / (1024 * 1024)) });
    render();
    return;
  }
  const entry: { id: string | null; name: string } = { id: null, name: file.name };
  state.files.push(entry);
  state.error = null;
  render();
  try {
    const { attachment } = await api.upload(file);
    entry.id = attachment.id;
  } catch (error) {
    state.files = state.files.filter((other) => other !== entry);
    state.error = error instanceof WidgetApiError ? error.message : fill(t.error, { message: String(error) });
  }
  render();
});

// ——— the rest of the page ———
personButton.addEventListener('click', () => {
  personNote.hidden = false;
  textarea.focus();
});
soundButton.addEventListener('click', () => {
  state.sound = !state.sound;
  store.setSound(state.sound);
  render();
});
closeButton.addEventListener('click', () => tellHost({ rapport: 1, type: 'close' }));
contactForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const { customer } = await api.contact({
      email: emailInput.value.trim(),
      ...(nameInput.value.trim() ? { name: nameInput.value.trim() } : {}),
    });
    state.email = customer.email ?? emailInput.value.trim();
    state.contactSaved = true;
    state.error = null;
  } catch (error) {
    state.error = fill(t.error, { message: error instanceof Error ? error.message : String(error) });
  }
  render();
});
window.addEventListener('online', () => {
  state.online = true;
  retryMs = 1000;
  render();
  void flush();
  connect();
});
window.addEventListener('offline', () => {
  state.online = false;
  render();
});
window.addEventListener('focus', () => {
  if (state.unread === 0) return;
  state.unread = 0;
  tellHost({ rapport: 1, type: 'unread', count: 0 });
});

// ——— start ———
async function begin(identity: Extract<WidgetHostMessage, { type: 'identify' }> | null): Promise<void> {
  if (identity) store.useVisitorId(identity.visitorId);
  try {
    const session = await api.session({
      ...(identity?.user ? { user: identity.user } : {}),
      ...(identity?.name ? { name: identity.name } : {}),
      ...(identity?.email ? { email: identity.email } : {}),
      language: navigator.language,
      timeZone,
    });
    state.inbox = session.inbox;
    state.conversation = session.conversation;
    state.email = session.customer.email;
    for (const message of session.messages) receive(message, false);
  } catch (error) {
    state.error =
      error instanceof WidgetApiError && error.code === 'widget.inbox_not_found'
        ? t.notSetUp
        : fill(t.error, { message: error instanceof Error ? error.message : String(error) });
  }
  render();
  connect();
  void flush();
}

let started = false;
const startOnce = (identity: Extract<WidgetHostMessage, { type: 'identify' }> | null) => {
  if (started) return;
  started = true;
  void begin(identity);
};
window.addEventListener('message', (event) => {
  // Only the page that embeds this frame speaks to it.
  if (!embedded || event.source !== window.parent || !isHostMessage(event.data)) return;
  const message = event.data;
  if (message.type === 'identify') {
    // Another person signed in on the site: start over as them.
    if (started && message.visitorId !== store.visitorId()) location.reload();
    else startOnce(message);
  }
  if (message.type === 'open') {
    state.open = message.open;
    if (message.open) {
      state.unread = 0;
      tellHost({ rapport: 1, type: 'unread', count: 0 });
      textarea.focus();
    }
  }
});
render();
if (embedded) {
  tellHost({ rapport: 1, type: 'ready' });
  // A loader that never says who the visitor is should not leave the chat empty.
  setTimeout(() => startOnce(null), 3000);
} else startOnce(null);
