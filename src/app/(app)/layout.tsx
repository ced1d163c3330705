import { AccountBanners } from '@/components/app-shell/account-banners';
import { AppHeader } from '@/components/app-shell/app-header';
import { MainContent } from '@/components/site/main-content';
import { isEmailVerified } from '@/server/auth/local';
import { isDriver } from '@/server/chargers/drivers';
import { currentUser } from './signed-in-user';

/** The signed-in area: header with navigation and account menu, and account notices. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  // Signed out: the page itself redirects to /signin with its own path as `next`.
  if (!user) return children;

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader
        user={{ email: user.email, name: user.name, isAdmin: user.role === 'admin', isDriver: await isDriver(user.id) }}
      />
      <MainContent className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-6 px-4 py-8 sm:px-6">
        <AccountBanners
          email={user.email}
          emailVerified={await isEmailVerified(user.id)}
          awaitingApproval={!user.isApproved && user.role !== 'admin'}
        />
        {children}
      </MainContent>
    </div>
  );
}
