import { Alert, Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isApiError } from '../../../app/api-client.ts';
import type { LoginLocationState } from '../../../app/guards.tsx';
import { CardForm } from '../../../ui/card-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { FormAlert } from '../../../ui/form-alert.tsx';
import { useLogin, useSession } from '../auth.api.ts';

/** Only same-app paths, so a crafted link cannot send someone elsewhere after signing in. */
function safeReturnPath(from: unknown): string {
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')) {
    return from;
  }
  return '/inbox';
}

export function LoginPage() {
  useDocumentTitle('Sign in · Rapport');
  const location = useLocation();
  const state = (location.state ?? {}) as LoginLocationState;
  const session = useSession();
  const login = useLogin();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [account, setAccount] = useState('');
  const [needsAccount, setNeedsAccount] = useState(false);
  const { setErrors, textField } = useFieldErrors();

  if (session.data?.me) return <Navigate to={safeReturnPath(state.from)} replace />;

  const submit = () => {
    const errors: Record<string, string> = {};
    if (!email.trim()) errors.email = 'Enter your email address';
    if (!password) errors.password = 'Enter your password';
    if (needsAccount && !account.trim()) errors.account = 'Enter the account name you were given, e.g. acme';
    setErrors(errors);
    if (Object.keys(errors).length > 0) return;

    login.mutate(
      { email: email.trim(), password, ...(needsAccount ? { account: account.trim() } : {}) },
      {
        onError: (error) => {
          if (isApiError(error) && error.code === 'auth.account_required') setNeedsAccount(true);
          if (isApiError(error)) setErrors(error.fields.account === 'required' ? {} : error.fields);
        },
      },
    );
  };

  const accountRequired = isApiError(login.error) && login.error.code === 'auth.account_required' ? login.error : null;

  return (
    <CardForm
      title="Sign in"
      intro={
        <Text c="dimmed" size="sm" mt={4}>
          Welcome back. Sign in to pick up your conversations.
        </Text>
      }
      onSubmit={submit}
    >
      {state.reason === 'session_expired' && !login.isError ? (
        <Alert color="yellow" variant="light" icon={<IconClock aria-hidden />} role="status">
          Your session has expired, sign in again.
        </Alert>
      ) : null}

      {accountRequired ? (
        <Alert color="indigo" variant="light" role="status">
          {accountRequired.message}
        </Alert>
      ) : (
        <FormAlert error={login.error} />
      )}

      <TextInput
        label="Email"
        type="email"
        autoComplete="username"
        {...textField('email', email, setEmail)}
        autoFocus
      />
      <PasswordInput
        label="Password"
        autoComplete="current-password"
        {...textField('password', password, setPassword)}
        visibilityToggleButtonProps={{ 'aria-label': 'Show or hide what you typed' }}
      />
      {needsAccount ? (
        <TextInput
          label="Account"
          description="The short name of your company's Rapport account, e.g. acme."
          autoComplete="organization"
          {...textField('account', account, setAccount)}
          autoFocus
        />
      ) : null}

      <Button type="submit" fullWidth size="md" loading={login.isPending} mt="xs">
        Sign in
      </Button>
      <Text size="xs" c="dimmed" ta="center">
        Forgot your password or need an account? Ask an admin of your Rapport account.
      </Text>
    </CardForm>
  );
}
