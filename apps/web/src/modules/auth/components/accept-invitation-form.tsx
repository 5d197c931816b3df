import { Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type InvitationSummary, roleDescriptions, roleLabels } from '@rapport/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../app/api-client.ts';
import { CardForm } from '../../../ui/card-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { FormAlert } from '../../../ui/form-alert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { useAcceptInvitation } from '../auth.api.ts';

const minPasswordLength = 10;
const toggleProps = { 'aria-label': 'Show or hide what you typed' };

type AcceptInvitationFormProps = { token: string; summary: InvitationSummary };

/** Creates the person's user from a setup link (first admin) or an invitation, then signs them in. */
export function AcceptInvitationForm({ token, summary }: AcceptInvitationFormProps) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const emailIsFixed = !summary.isSetup && summary.email !== null;

  const [name, setName] = useState('');
  const [email, setEmail] = useState(summary.email ?? '');
  const [password, setPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const { setErrors, textField } = useFieldErrors();

  const submit = () => {
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = 'Enter your name as colleagues and customers will see it';
    if (!emailIsFixed && !email.trim()) errors.email = 'Enter the email address you will sign in with';
    else if (!emailIsFixed && !/^\S+@\S+\.\S+$/.test(email.trim()))
      errors.email = 'Enter an email address such as ana@example.com';
    if (password.length < minPasswordLength) errors.password = `Use at least ${minPasswordLength} characters`;
    if (!errors.password && confirmPassword !== password) errors.confirmPassword = 'The two passwords do not match';
    setErrors(errors);
    if (Object.keys(errors).length > 0) return;

    accept.mutate(
      { token, name: name.trim(), password, ...(emailIsFixed ? {} : { email: email.trim() }) },
      {
        onSuccess: () => navigate('/inbox', { replace: true }),
        onError: (error) => {
          if (isApiError(error)) setErrors(error.fields);
        },
      },
    );
  };

  const hasFieldErrors = isApiError(accept.error) && Object.keys(accept.error.fields).length > 0;

  return (
    <CardForm
      title={summary.isSetup ? `Set up ${summary.accountName}` : `Join ${summary.accountName}`}
      intro={
        summary.isSetup ? (
          <Text c="dimmed" size="sm" mt={4}>
            Create the first admin account. You can invite your team and set up inboxes right after.
          </Text>
        ) : (
          <Stack gap={6} mt={6}>
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                You are invited as
              </Text>
              <Badge variant="light">{roleLabels[summary.role]}</Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {roleDescriptions[summary.role]}
            </Text>
          </Stack>
        )
      }
      onSubmit={submit}
    >
      <FormAlert error={hasFieldErrors ? null : accept.error} />

      <TextInput label="Name" autoComplete="name" {...textField('name', name, setName)} autoFocus />
      <TextInput
        label="Email"
        type="email"
        autoComplete="username"
        {...textField('email', email, setEmail)}
        readOnly={emailIsFixed}
        variant={emailIsFixed ? 'filled' : 'default'}
        description={emailIsFixed ? 'The invitation is for this address; you will sign in with it.' : undefined}
      />
      <PasswordInput
        label="Password"
        autoComplete="new-password"
        description={`At least ${minPasswordLength} characters. A few unrelated words make a strong one.`}
        {...textField('password', password, setPassword)}
        visibilityToggleButtonProps={toggleProps}
      />
      <PasswordInput
        label="Confirm password"
        autoComplete="new-password"
        {...textField('confirmPassword', confirmPassword, setConfirmPassword)}
        visibilityToggleButtonProps={toggleProps}
      />

      <Button type="submit" fullWidth size="md" loading={accept.isPending} mt="xs">
        {summary.isSetup ? 'Create admin account' : 'Join'}
      </Button>
      <Text size="xs" c="dimmed" ta="center">
        This link works once and expires {formatDateTime(summary.expiresAt)}.
      </Text>
    </CardForm>
  );
}
