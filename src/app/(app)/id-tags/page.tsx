import type { Metadata } from 'next';

import { AddIdTagForm } from '@/components/id-tags/add-id-tag-form';
import { IdTagsTable } from '@/components/id-tags/id-tags-table';
import { PageHeading } from '@/components/site/page-heading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listIdTags, presentIdTag } from '@/server/chargers/id-tags';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Id tags' };

export default async function IdTagsPage() {
  const user = await requireSignedIn('/id-tags');
  const idTags = (await listIdTags(user.id)).map(presentIdTag);
  return (
    <>
      <PageHeading
        title="Id tags"
        description="RFID cards and other tokens your charge points may charge with. Each charge point asks at Authorize, or uses the local list you send it."
      />
      <div className="grid items-start gap-6 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Your id tags</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <IdTagsTable idTags={idTags} />
          </CardContent>
        </Card>
        <Card className="max-w-2xl">
          <CardHeader>
            <CardTitle>
              <h2>Add an id tag</h2>
            </CardTitle>
            <CardDescription>Blocked, Expired and Invalid tags are refused; so is an Accepted tag past its expiry.</CardDescription>
          </CardHeader>
          <CardContent>
            <AddIdTagForm tags={idTags.map((t) => t.tag)} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
