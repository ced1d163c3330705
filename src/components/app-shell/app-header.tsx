import { ProductName } from '@/components/site/product-name';
import { ThemeToggle } from '@/components/theme-toggle';
import { MainNav } from './main-nav';
import { UserMenu, type UserMenuUser } from './user-menu';

/** Top bar of the signed-in area. */
function AppHeader({ user }: { user: UserMenuUser & { isAdmin: boolean; isDriver?: boolean } }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/80">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
        <ProductName href="/dashboard" />
        <MainNav isAdmin={user.isAdmin} isDriver={user.isDriver ?? false} />
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}

export { AppHeader };
