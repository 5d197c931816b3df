/**
 * What the frame keeps in the browser, per inbox: the visitor id (who they are to us), the user id
 * it was bound to, messages written but not yet acknowledged (the outbox), and the sound choice.
 */
export interface OutboxItem {
  clientId: string;
  body: string;
  createdAt: string;
}

function randomId(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
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
  let memoryVisitor: string | null = null;
  return {
    visitorId(): string {
      let id = read('visitor') ?? memoryVisitor;
      if (!id) {
        id = randomId(32);
        write('visitor', id);
        memoryVisitor = id;
      }
      return id;
    },
    /**
     * A different signed-in user, or none after one: a new visitor id, so a shared computer never
     * shows one person's conversations to the next.
     */
    bindUser(userId: string | null): void {
      const bound = read('user');
      // Anonymous, then signed in: the same visitor (their chat joins their account). Anyone else: a fresh start.
      if (bound !== null && bound !== userId) {
        write('visitor', null);
        write('outbox', null);
        memoryVisitor = null;
      }
      write('user', userId);
    },
    outbox(): OutboxItem[] {
      try {
        return JSON.parse(read('outbox') ?? '[]') as OutboxItem[];
      } catch {
        return [];
      }
    },
    saveOutbox(items: OutboxItem[]): void {
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
