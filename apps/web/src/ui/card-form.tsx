import { Paper, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

type CardFormProps = {
  /** The page's one h1, e.g. "Sign in". */
  title: string;
  /** Said under the title: what the form is for. */
  intro: ReactNode;
  /** Called on submit; the browser's own validation and page load are left out. */
  onSubmit: () => void;
  children: ReactNode;
};

/** A form that is the whole page (sign in, join an account), on a card under its title. */
export function CardForm({ title, intro, onSubmit, children }: CardFormProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }} radius="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={1} fz="h2">
              {title}
            </Title>
            {intro}
          </div>
          {children}
        </Stack>
      </form>
    </Paper>
  );
}
