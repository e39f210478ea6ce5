import { useState } from 'react';
import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../api/session';
import { safeNext } from '../../lib/nav';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';

// RPCs: IdentityService.Login, then IdentityService.CompleteLogin when the account has a second factor.
export default function LoginPage() {
  const { login, completeLogin } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [loginName, setLoginName] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');

  const signIn = useMutation({
    mutationFn: () => login(loginName.trim(), password),
    onSuccess: (outcome) => {
      if (outcome.kind === 'secondFactor') setChallenge(outcome.challengeToken);
      else navigate(safeNext(params.get('next')), { replace: true });
    },
  });
  const secondFactor = useMutation({
    mutationFn: () => completeLogin(challenge ?? '', code.trim()),
    onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
  });

  if (challenge) {
    return (
      <Paper withBorder p="lg">
        <PageTitle>Two-step verification</PageTitle>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            secondFactor.mutate();
          }}
        >
          <Stack>
            <Text>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</Text>
            <TextInput
              label="Code"
              autoComplete="one-time-code"
              inputMode="text"
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <ErrorAlert error={secondFactor.error} title="Could not sign in" />
            <Button type="submit" loading={secondFactor.isPending}>
              Verify
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setChallenge(null)}>
              Start again
            </Anchor>
          </Stack>
        </form>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="lg">
      <PageTitle>Log in to Kith</PageTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signIn.mutate();
        }}
        noValidate
      >
        <Stack>
          <TextInput
            label="Handle or email"
            autoComplete="username"
            required
            value={loginName}
            onChange={(e) => setLoginName(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert error={signIn.error} title="Could not log in" />
          <Button type="submit" loading={signIn.isPending}>
            Log in
          </Button>
          <Text size="sm">
            New to Kith?{' '}
            <Anchor component={Link} to="/signup">
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
