'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';

interface SiteIdTag {
  id: string;
  tag: string;
  label: string | null;
  status: string;
  holder: string | null;
  member_id: string | null;
  member_email: string | null;
}

interface Member {
  id: string;
  email: string;
}

/**
 * The id tags of the site's members (owner and managers): add one for a
 * member, move it to another member, block or unblock it. The owner's other
 * tags are on the Id tags page, not here.
 */
export function SiteIdTagsCard({ siteId }: { siteId: string }) {
  const t = useTranslations('siteIdTags');
  const [tags, setTags] = React.useState<SiteIdTag[] | null>(null);
  const [members, setMembers] = React.useState<Member[]>([]);
  const [version, setVersion] = React.useState(0);
  const { pending, error, run } = useApiAction();
  const load = () => setVersion((v) => v + 1);

  React.useEffect(() => {
    let live = true;
    void Promise.all([
      callApi<{ id_tags: SiteIdTag[] }>('GET', `/api/sites/${siteId}/id-tags`),
      callApi<{ members: Member[] }>('GET', `/api/sites/${siteId}/members`),
    ]).then(([answer, m]) => {
      if (!live) return;
      if (answer.ok) setTags(answer.data.id_tags);
      if (m.ok) setMembers(m.data.members);
    });
    return () => {
      live = false;
    };
  }, [siteId, version]);

  async function add(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = { tag: String(data.get('tag') ?? ''), member_id: String(data.get('member_id') ?? ''), holder: String(data.get('holder') ?? '') || null };
    const result = await run(() => callApi('POST', `/api/sites/${siteId}/id-tags`, body));
    if (result.ok) {
      form.reset();
      toast.success(t('added', { tag: body.tag }));
      load();
    }
  }

  async function change(tag: SiteIdTag, patch: Record<string, unknown>, done: string) {
    const response = await callApi('PATCH', `/api/sites/${siteId}/id-tags/${tag.id}`, patch);
    if (response.ok) toast.success(done);
    else toast.error(response.error.detail);
    load();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>{t('description')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {tags === null ? (
          <p className="text-sm text-muted-foreground">{t('loading')}</p>
        ) : tags.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('none')}</p>
        ) : (
          <Table aria-label={t('title')}>
            <TableHeader>
              <TableRow>
                <TableHead>{t('tag')}</TableHead>
                <TableHead>{t('member')}</TableHead>
                <TableHead>{t('holder')}</TableHead>
                <TableHead>{t('status')}</TableHead>
                <TableHead className="sr-only">{t('actions')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tags.map((tag) => (
                <TableRow key={tag.id}>
                  <TableCell className="font-mono">{tag.tag}</TableCell>
                  <TableCell>
                    <NativeSelect
                      aria-label={t('memberOf', { tag: tag.tag })}
                      value={tag.member_id ?? ''}
                      onChange={(e) => {
                        const member = members.find((m) => m.id === e.currentTarget.value);
                        if (member) void change(tag, { member_id: member.id }, t('moved', { tag: tag.tag, email: member.email }));
                      }}
                    >
                      {members.map((m) => (
                        <NativeSelectOption key={m.id} value={m.id}>
                          {m.email}
                        </NativeSelectOption>
                      ))}
                    </NativeSelect>
                  </TableCell>
                  <TableCell>{tag.holder ?? '—'}</TableCell>
                  <TableCell>
                    <Badge variant={tag.status === 'Accepted' ? 'default' : 'outline'}>{tag.status}</Badge>
                  </TableCell>
                  <TableCell>
                    {tag.status === 'Blocked' ? (
                      <Button variant="outline" size="sm" onClick={() => void change(tag, { status: 'Accepted' }, t('unblocked', { tag: tag.tag }))}>
                        {t('unblock')}
                      </Button>
                    ) : (
                      <Button variant="outline" size="sm" onClick={() => void change(tag, { status: 'Blocked' }, t('blocked', { tag: tag.tag }))}>
                        {t('block')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <form onSubmit={add} noValidate className="flex flex-col gap-3" aria-label={t('addForm')}>
          <FormError error={error} fields={['tag', 'member_id', 'holder']} title={t('addFailed')} />
          <TextField id={`site-tag-${siteId}-tag`} name="tag" label={t('tag')} autoComplete="off" error={error?.fieldErrors.tag} />
          <div className="grid gap-2">
            <Label htmlFor={`site-tag-${siteId}-member`}>{t('member')}</Label>
            <NativeSelect id={`site-tag-${siteId}-member`} name="member_id" wrapperClassName="w-full" aria-invalid={error?.fieldErrors.member_id ? true : undefined}>
              {members.map((m) => (
                <NativeSelectOption key={m.id} value={m.id}>
                  {m.email}
                </NativeSelectOption>
              ))}
            </NativeSelect>
            {error?.fieldErrors.member_id && <p className="text-sm text-destructive">{error.fieldErrors.member_id}</p>}
          </div>
          <TextField id={`site-tag-${siteId}-holder`} name="holder" label={t('holderOptional')} autoComplete="off" error={error?.fieldErrors.holder} />
          <Button type="submit" disabled={pending || members.length === 0} className="self-start">
            {pending ? t('adding') : t('add')}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
