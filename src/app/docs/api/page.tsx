import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';

import { MainContent } from '@/components/site/main-content';
import { PageHeading } from '@/components/site/page-heading';
import { PublicHeader } from '@/components/site/public-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { publicBaseUrl } from '@/server/http/public-url';
import { openApiDocument } from '@/server/openapi/document';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('apiDocs.title') };
}

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; description?: string; enum?: unknown[]; items?: Schema; minimum?: number; maximum?: number };
type Operation = { summary: string; tags: string[]; description?: string; parameters: { name: string; in: string; required: boolean; schema: Schema }[]; requestBody?: { content: { 'application/json': { schema: Schema } } }; responses: Record<string, { description: string }> };

const typeOf = (schema: Schema): string => {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array' && schema.items) return `${typeOf(schema.items)}[]`;
  const base = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  const range = [schema.minimum !== undefined && `≥ ${schema.minimum}`, schema.maximum !== undefined && `≤ ${schema.maximum}`].filter(Boolean).join(', ');
  return range ? `${base} (${range})` : base;
};

function Fields({ rows, optional }: { rows: { name: string; type: string; required: boolean; note?: string }[]; optional: string }) {
  return (
    <ul className="grid gap-1 text-sm">
      {rows.map((row) => (
        <li key={row.name}>
          <code className="font-mono">{row.name}</code> <span className="text-muted-foreground">{row.type}</span>
          {row.required ? '' : <span className="text-muted-foreground"> {optional}</span>}
          {row.note && <span className="text-muted-foreground"> — {row.note}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The OpenAPI document, readable. */
export default async function ApiReferencePage() {
  const doc = openApiDocument(publicBaseUrl(await headers()));
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags[0]))];
  const t = await getTranslations('apiReference');
  const tp = await getTranslations('pages');
  return (
    <div className="flex min-h-dvh flex-col">
      <PublicHeader />
      <MainContent className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 py-8 sm:px-6">
        <PageHeading
          title={tp('apiDocs.title')}
          description={t.rich('intro', {
            header: () => <code className="font-mono">Authorization: Bearer &lt;API key&gt;</code>,
            server: () => <code className="font-mono">{doc.servers[0].url}</code>,
            shape: () => <code className="font-mono">{'{"detail", "code"}'}</code>,
            link: () => (
              <a className="underline" href="/api/openapi.json">
                /api/openapi.json
              </a>
            ),
          })}
        />
        {tags.map((tag) => (
          <section key={tag} className="flex flex-col gap-4" aria-labelledby={`tag-${tag}`}>
            <h2 id={`tag-${tag}`} className="text-xl font-semibold">
              {tag}
            </h2>
            {operations
              .filter((o) => o.op.tags[0] === tag)
              .map(({ path, method, op }) => {
                const body = op.requestBody?.content['application/json'].schema;
                return (
                  <Card key={`${method} ${path}`}>
                    <CardHeader>
                      <CardTitle className="flex flex-wrap items-center gap-2 font-mono text-base">
                        <Badge variant="secondary" className="uppercase">
                          {method}
                        </Badge>
                        <h3>{path}</h3>
                        {op.responses['429'] && <Badge variant="outline">{t('counted')}</Badge>}
                      </CardTitle>
                      <CardDescription>{op.summary}</CardDescription>
                    </CardHeader>
                    {(op.parameters.length > 0 || body?.properties) && (
                      <CardContent className="grid gap-3">
                        {op.parameters.length > 0 && (
                          <Fields optional={t('optional')} rows={op.parameters.map((p) => ({ name: p.name, type: `${p.in}, ${typeOf(p.schema)}`, required: p.required }))} />
                        )}
                        {body?.properties && (
                          <Fields
                            optional={t('optional')}
                            rows={Object.entries(body.properties).map(([name, schema]) => ({
                              name,
                              type: `body, ${typeOf(schema)}`,
                              required: (body.required ?? []).includes(name),
                              note: schema.description,
                            }))}
                          />
                        )}
                        <p className="text-sm text-muted-foreground">
                          {t('answers', { answers: Object.entries(op.responses).map(([status, r]) => `${status} ${r.description}`).join(' · ') })}
                        </p>
                      </CardContent>
                    )}
                  </Card>
                );
              })}
          </section>
        ))}
      </MainContent>
    </div>
  );
}
