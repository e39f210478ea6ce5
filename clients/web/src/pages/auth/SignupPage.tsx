import { useRef, useState } from 'react';
import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { identity } from '../../api/clients';
import { errorField } from '../../api/errors';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';

// RPCs: IdentityService.Register (it returns the account, no tokens), then IdentityService.Login.
export default function SignupPage() {
  const { login } = useSession();
  const navigate = useNavigate();
  const registered = useRef('');
  const [form, setForm] = useState({ handle: '', email: '', password: '', displayName: '' });
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };

  const signUp = useMutation({
    mutationFn: async () => {
      const handle = form.handle.trim().replace(/^@/, '');
      // Registered already (the log-in after it failed): only log in again.
      if (registered.current !== handle) {
        await identity.register({
        handle,
        email: form.email.trim(),
        password: form.password,
        displayName: form.displayName.trim(),
        });
        registered.current = handle;
      }
      return login(handle, form.password);
    },
    onSuccess: (outcome) => navigate(outcome.kind === 'signedIn' ? '/welcome' : '/login', { replace: true }),
  });
  const bad = errorField(signUp.error);
  const mark = (field: string) => (bad === field ? true : undefined);

  return (
    <Paper withBorder p="lg">
      <PageTitle>Create your Kith account</PageTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signUp.mutate();
        }}
        noValidate
      >
        <Stack>
          <TextInput
            label="Handle"
            description="3 to 30 letters, digits and underscores; people find you by it."
            autoComplete="username"
            required
            value={form.handle}
            onChange={set('handle')}
            error={mark('handle')}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set('email')}
            error={mark('email')}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters."
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set('password')}
            error={mark('password')}
          />
          <TextInput
            label="Display name"
            description="Optional; your handle when left empty."
            autoComplete="name"
            value={form.displayName}
            onChange={set('displayName')}
            error={mark('display_name')}
          />
          <ErrorAlert error={signUp.error} title="Could not create the account" />
          <Button type="submit" loading={signUp.isPending}>
            Sign up
          </Button>
          <Text size="sm">
            Already have an account?{' '}
            <Anchor component={Link} to="/login">
              Log in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
