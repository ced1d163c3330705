import { signOut } from '@/server/auth/sign-out';
import { route } from '@/server/http/route';

export const POST = route({ access: 'public' }, async ({ req }) => signOut(req));
