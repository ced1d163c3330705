import { getTranslations } from 'next-intl/server';

import { SiteMembers } from '@/components/members/site-members';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listMembers, memberTotalsThisMonth, presentMember } from '@/server/chargers/members';

const EMPTY = { energy_wh: 0, sessions: 0, cost: [] };

/** A Members card per site the user owns, or (`managed`) manages: read-only then (the Sites page). */
export async function SiteMembersCards({ userId, sites, managed = false }: { userId: string; sites: { id: string; name: string }[]; managed?: boolean }) {
  const t = await getTranslations('members');
  const loaded = await Promise.all(
    sites.map(async (site) => {
      const [members, totals] = await Promise.all([listMembers(userId, site.id), memberTotalsThisMonth(userId, site.id)]);
      return { site, members: members.map((m) => ({ ...presentMember(m), this_month: totals[m.id] ?? EMPTY })) };
    }),
  );
  return (
    <div className="grid items-start gap-6 lg:grid-cols-2 [&>*]:min-w-0">
      {loaded.map(({ site, members }) => (
        <Card key={site.id}>
          <CardHeader>
            <CardTitle>
              <h2>{t('membersOf', { site: site.name })}</h2>
            </CardTitle>
            <CardDescription>
{managed ? t('managedHelp') : t('ownedHelp')}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <SiteMembers siteId={site.id} siteName={site.name} members={members} canEdit={!managed} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
