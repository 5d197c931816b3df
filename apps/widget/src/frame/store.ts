import { newVisitorId, randomId } from '../protocol.ts';

/**
 * What the frame keeps, per inbox: the visitor id the loader gives it, messages written but not yet
 * acknowledged (the outbox) and the sound choice, in the frame's storage when the browser allows it.
 */
export interface OutboxItem {
  clientId: string;
  body: string;
  attachments: { id: string; name: string }[];
  createdAt: string;
}

export const newClientId = () => randomId(12);

export function createStore(inboxId: string) {
  const key = (name: string) => `rapport:${inboxId}:${name}`;
  const read = (name: string) => {
    try {
      return localStorage.getItem(key(name));
    } catch {
      return null;
    }
  };
  const write = (name: string, value: string | null) => {
    try {
      if (value === null) localStorage.removeItem(key(name));
      else localStorage.setItem(key(name), value);
    } catch {
      // Storage can be unavailable (private modes, blocked third-party storage): the chat still works for this visit.
    }
  };
  let given: string | null = null;
  // Storage a third-party frame may not have: the outbox then lives for this page only.
  let memoryOutbox: OutboxItem[] = [];
  return {
    /** The visitor id the loader gave; opened on its own (no loader), the frame keeps one itself. */
    visitorId(): string {
      if (given) return given;
      given = read('visitor') ?? newVisitorId();
      write('visitor', given);
      return given;
    },
    useVisitorId(id: string): void {
      given = id;
    },
    /**
     * A different signed-in user, or none after one: a new visitor id, so a shared computer never
     * shows one person's conversations to the next.
     */
    outbox(): OutboxItem[] {
      try {
        const stored = read('outbox');
        return stored ? (JSON.parse(stored) as OutboxItem[]) : memoryOutbox;
      } catch {
        return memoryOutbox;
      }
    },
    saveOutbox(items: OutboxItem[]): void {
      memoryOutbox = items;
      write('outbox', items.length ? JSON.stringify(items) : null);
    },
    sound(): boolean {
      return read('sound') === 'on';
    },
    setSound(on: boolean): void {
      write('sound', on ? 'on' : null);
    },
  };
}
