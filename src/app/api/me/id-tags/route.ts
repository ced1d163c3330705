import { myIdTags, presentMyIdTag } from '@/server/chargers/id-tags';
import { route } from '@/server/http/route';

/** The id tags assigned to the caller on the sites they are a member of. */
export const GET = route({ access: 'user' }, async ({ user }) => ({ id_tags: (await myIdTags(user.id)).map(presentMyIdTag) }));
