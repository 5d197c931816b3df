import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

const shortcuts: { keys: ReactNode; does: string }[] = [
  {
    keys: (
      <>
        <Kbd>j</Kbd> / <Kbd>k</Kbd>
      </>
    ),
    does: 'Move down or up the list',
  },
  { keys: <Kbd>Enter</Kbd>, does: 'Open the conversation' },
  { keys: <Kbd>r</Kbd>, does: 'Reply to the customer' },
  { keys: <Kbd>n</Kbd>, does: 'Write an internal note' },
  { keys: <Kbd>e</Kbd>, does: 'Resolve the conversation' },
  { keys: <Kbd>/</Kbd>, does: 'Search conversations and customers' },
  {
    keys: (
      <>
        <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd>
      </>
    ),
    does: 'Send the reply or note you are writing',
  },
  { keys: <Kbd>Esc</Kbd>, does: 'Leave the text box, or go back to the list' },
  { keys: <Kbd>?</Kbd>, does: 'Show this list' },
];

/** Every keyboard shortcut of the inbox, one screen. */
export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Table verticalSpacing={6} highlightOnHover={false}>
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Keys</Table.Th>
            <Table.Th>What it does</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortcuts.map((shortcut) => (
            <Table.Tr key={shortcut.does}>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {shortcut.keys}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{shortcut.does}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        Shortcuts work when you are not typing in a text box. On a Mac, use ⌘ instead of Ctrl.
      </Text>
    </Modal>
  );
}
