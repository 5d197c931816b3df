import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts are read once, by the workspace; the parts that act on them (the composer,
 * the conversation header) listen here. A command for a conversation that is still opening waits
 * until that conversation has loaded.
 */
export type WorkspaceCommand = 'reply' | 'note' | 'resolve';

const bus = new EventTarget();
let pending: { conversationId: string; command: WorkspaceCommand } | null = null;

export function sendCommand(command: WorkspaceCommand, conversationId: string, isOpen: boolean): void {
  if (!isOpen) {
    pending = { conversationId, command };
    return;
  }
  bus.dispatchEvent(new CustomEvent<WorkspaceCommand>('command', { detail: command }));
}

/** Runs `handler` for commands sent while mounted, and once for a command that waited for this conversation. */
export function useWorkspaceCommand(
  conversationId: string,
  ready: boolean,
  handler: (command: WorkspaceCommand) => void,
): void {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useEffect(() => {
    const listener = (event: Event) => handlerRef.current((event as CustomEvent<WorkspaceCommand>).detail);
    bus.addEventListener('command', listener);
    return () => bus.removeEventListener('command', listener);
  }, []);
  useEffect(() => {
    if (!ready || pending?.conversationId !== conversationId) return;
    const { command } = pending;
    pending = null;
    // After this render, so the parts that act (the composer's textarea) exist.
    const timer = setTimeout(() => bus.dispatchEvent(new CustomEvent('command', { detail: command })), 0);
    return () => clearTimeout(timer);
  }, [conversationId, ready]);
}
