import { lazy, Suspense, type ReactNode } from 'react';
import { Anchor, AppShell, Badge, Burger, Container, Group, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, NavLink as RouterNavLink, Outlet, Route, Routes, useLocation, useMatch, useNavigate } from 'react-router';
import { notifications as notificationsClient } from './api/clients';
import { useSession } from './api/session';
import { Loading } from './components/Loading';
import { safeNext } from './lib/nav';
import { MessagesBadge } from './pages/conversations/MessagesBadge';

// Every page is its own module under src/pages/<area>/, default-exported and loaded on demand.
// Adding a page: create it in your area's folder and add one <Route> line below.
const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const SignupPage = lazy(() => import('./pages/auth/SignupPage'));
const WelcomePage = lazy(() => import('./pages/welcome/WelcomePage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const PostPage = lazy(() => import('./pages/posts/PostPage'));
const ProfilePage = lazy(() => import('./pages/people/ProfilePage'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage'));
const CommunitiesPage = lazy(() => import('./pages/communities/CommunitiesPage'));
const CommunityPage = lazy(() => import('./pages/communities/CommunityPage'));
const EventPage = lazy(() => import('./pages/communities/EventPage'));
const ConversationsPage = lazy(() => import('./pages/conversations/ConversationsPage'));
const ConversationPage = lazy(() => import('./pages/conversations/ConversationPage'));
const ModerationPage = lazy(() => import('./pages/moderation/ModerationPage'));
const HealthPage = lazy(() => import('./pages/health/HealthPage'));
const LeaderboardsPage = lazy(() => import('./pages/leaderboards/LeaderboardsPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export function App() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignupPage />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          <Route path="/welcome" element={<WelcomePage />} />
          <Route path="/posts/:postId" element={<PostPage />} />
          <Route path="/people/:userRef" element={<ProfilePage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/communities" element={<CommunitiesPage />} />
          <Route path="/communities/:id" element={<CommunityPage />} />
          <Route path="/communities/:id/events/:eventId" element={<EventPage />} />
          <Route path="/conversations" element={<ConversationsPage />} />
          <Route path="/conversations/:id" element={<ConversationPage />} />
          <Route path="/moderation/:communityId" element={<ModerationPage />} />
          <Route path="/health/:communityId" element={<HealthPage />} />
          <Route path="/leaderboards/:communityId" element={<LeaderboardsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

/** Pages behind sign-in: others go to /login, and come back afterwards (?next=). */
function RequireAuth() {
  const { user } = useSession();
  const location = useLocation();
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** Signed-out pages (log in, sign up): a narrow column, no navigation. */
function PublicLayout() {
  const { user } = useSession();
  const location = useLocation();
  // Signed in on /login: on to ?next= (or home). Signing up goes on to /welcome itself.
  if (user && location.pathname === '/login') {
    return <Navigate to={safeNext(new URLSearchParams(location.search).get('next'))} replace />;
  }
  return (
    <>
      <Container size={460} py="xl" component="header">
        <Text fw={800} fz={28} c="blue.8">
          Kith
        </Text>
      </Container>
      <Container size={460} component="main" id="main" pb="xl">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Container>
    </>
  );
}

function UnreadBadge() {
  const unread = useQuery({
    queryKey: ['notifications', 'GetUnreadCount'],
    queryFn: () => notificationsClient.getUnreadCount({}),
    refetchInterval: 60_000,
    retry: false,
  });
  const n = Number(unread.data?.unread ?? 0n);
  if (!n) return null;
  return (
    <Badge size="sm" color="red" circle={n < 10} aria-label={`${n} unread`}>
      {n > 99 ? '99+' : n}
    </Badge>
  );
}

function NavItem({ to, end, label, badge, onClick }: { to: string; end?: boolean; label: string; badge?: ReactNode; onClick(): void }) {
  const match = useMatch({ path: to, end: end ?? false });
  return (
    <NavLink
      component={RouterNavLink}
      to={to}
      end={end}
      label={label}
      rightSection={badge}
      active={!!match}
      onClick={onClick}
    />
  );
}

/** The signed-in app: header with the name, the navigation, and the page in <main>. */
function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const links = [
    { to: '/', label: 'Home', end: true },
    { to: '/notifications', label: 'Notifications', badge: <UnreadBadge /> },
    { to: '/communities', label: 'Communities' },
    { to: '/conversations', label: 'Conversations', badge: <MessagesBadge /> },
    { to: `/people/${user?.userId ?? ''}`, label: 'Profile' },
  ];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} to="/" underline="never" fw={800} fz={24} c="blue.8" aria-label="Kith, home">
              Kith
            </Anchor>
          </Group>
          {user ? (
            <Text size="sm" visibleFrom="xs">
              Signed in as <strong>@{user.handle}</strong>
            </Text>
          ) : null}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {links.map((l) => (
          <NavItem key={l.label} to={l.to} end={l.end} label={l.label} badge={l.badge} onClick={close} />
        ))}
        <NavLink
          component={UnstyledButton}
          label="Sign out"
          onClick={async () => {
            close();
            await logout();
            navigate('/login');
          }}
        />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Container size="md" px={0}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
