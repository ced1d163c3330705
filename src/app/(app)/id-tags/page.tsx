import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AddIdTagForm } from '@/components/id-tags/add-id-tag-form';
import { IdTagMembersProvider } from '@/components/id-tags/id-tag-holder-fields';
import { IdTagsTable } from '@/components/id-tags/id-tags-table';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listIdTags, presentIdTag } from '@/server/chargers/id-tags';
import { tagMemberOptions } from '@/server/chargers/members';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('idTags.title') };
}

export default async function IdTagsPage() {
  const tp = await getTranslations('pages');
  const t = await getTranslations('idTags');
  const user = await requireSignedIn('/id-tags');
  const idTags = (await listIdTags(user.id)).map(presentIdTag);
  return (
    <IdTagMembersProvider members={await tagMemberOptions(user.id)}>
      <PageHeading title={tp('idTags.title')} description={tp('idTags.description')} />
      <div className="grid items-start gap-6 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>{t('yours')}</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <IdTagsTable idTags={idTags} />
          </CardContent>
        </Card>
        <Card className="max-w-2xl">
          <CardHeader>
            <CardTitle>
              <h2>{t('add')}</h2>
            </CardTitle>
            <CardDescription>{t('addHelp')}</CardDescription>
          </CardHeader>
          <CardContent>
            <AddIdTagForm tags={idTags.map((tag) => tag.tag)} />
          </CardContent>
        </Card>
      </div>
    </IdTagMembersProvider>
  );
}
