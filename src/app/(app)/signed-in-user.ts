import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';

import { getCurrentUser } from '@/server/auth/current-user';
import type { User } from '@/server/db/schema';

/** The signed-in user, looked up once per request however many components ask. */
export const currentUser = cache(getCurrentUser);

/**
 * For pages of the signed-in area: the user, or a redirect to sign-in that
 * comes back to `path`. Every page calls it, because the shared layout is not
 * re-rendered on client-side navigation and does not know the page's path.
 */
export async function requireSignedIn(path: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return user;
}

/** For the administration pages: the signed-in administrator; anyone else gets the 403 page (admin/forbidden.tsx). */
export async function requireAdmin(path: string): Promise<User> {
  const user = await requireSignedIn(path);
  if (user.role !== 'admin') forbidden();
  return user;
}
