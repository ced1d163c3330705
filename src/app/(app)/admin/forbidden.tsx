import { ForbiddenNotice } from '@/components/site/forbidden-notice';
import { currentUser } from '../signed-in-user';

/** What requireAdmin's forbidden() shows (HTTP 403), inside the signed-in layout. */
export default async function AdminForbidden() {
  const user = await currentUser();
  return (
    <ForbiddenNotice
      title="Administrators only"
      reason={user ? `You are signed in as ${user.email}, which is not an administrator account.` : 'This page is for administrators.'}
    />
  );
}
