'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { Provider } from '@supabase/supabase-js';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

export interface SupabaseSignInProps {
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** Absolute URL of /auth/callback (with an optional `next`), where Supabase sends the user back. */
  redirectTo: string;
  /** OAuth providers enabled in the Supabase project, e.g. ["github", "google"]. */
  providers?: string[];
}

type State = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; email: string } | { kind: 'error'; message: string };

const PROVIDER_LABELS: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab', linkedin_oidc: 'LinkedIn', slack_oidc: 'Slack' };
const providerLabel = (provider: string) => PROVIDER_LABELS[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);

/** Sign-in through Supabase Auth: an e-mail magic link, plus the configured OAuth providers. */
export function SupabaseSignIn({ supabaseUrl, supabaseAnonKey, redirectTo, providers = [] }: SupabaseSignInProps) {
  // Loaded on first use, in the browser: Next also renders this page on the server, where loading the SDK
  // printed its Node 20 deprecation notice at every start. (The browser client is a singleton.)
  const t = useTranslations('supabaseAuth');
  const supabase = async () => (await import('@supabase/ssr')).createBrowserClient(supabaseUrl, supabaseAnonKey);
  const [email, setEmail] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function sendMagicLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ kind: 'sending' });
    const address = email.trim();
    const { error } = await (await supabase()).auth.signInWithOtp({ email: address, options: { emailRedirectTo: redirectTo } });
    setState(error ? { kind: 'error', message: error.message } : { kind: 'sent', email: address });
  }

  async function signInWith(provider: string) {
    setState({ kind: 'sending' });
    // On success the browser leaves for the provider; we only come back here on error.
    const { error } = await (await supabase()).auth.signInWithOAuth({ provider: provider as Provider, options: { redirectTo } });
    if (error) setState({ kind: 'error', message: error.message });
  }

  if (state.kind === 'sent') {
    return (
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>{t('checkInbox')}</CardTitle>
          <CardDescription>
            {t.rich('linkSent', { email: state.email, address: (chunks) => <span className="font-medium text-foreground">{chunks}</span> })}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Button variant="outline" className="w-full" onClick={() => setState({ kind: 'idle' })}>
            {t('otherAddress')}
          </Button>
        </CardContent>
      </Card>
    );
  }

  const busy = state.kind === 'sending';
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle>{t('signIn')}</CardTitle>
        <CardDescription>{t('intro')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {state.kind === 'error' && (
          <Alert variant="destructive">
            <AlertTitle>{t('failed')}</AlertTitle>
            <AlertDescription>{state.message}</AlertDescription>
          </Alert>
        )}
        <form onSubmit={sendMagicLink} className="flex flex-col gap-3">
          <div className="flex flex-col gap-2">
            <Label htmlFor="supabase-email">{t('email')}</Label>
            <Input
              id="supabase-email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              disabled={busy}
            />
          </div>
          <Button type="submit" disabled={busy}>
            {busy ? t('sending') : t('send')}
          </Button>
        </form>
        {providers.length > 0 && (
          <>
            <div className="flex items-center gap-3 text-xs text-muted-foreground">
              <span className="h-px flex-1 bg-border" />
              {t('or')}
              <span className="h-px flex-1 bg-border" />
            </div>
            <div className="flex flex-col gap-2">
              {providers.map((provider) => (
                <Button key={provider} variant="outline" disabled={busy} onClick={() => void signInWith(provider)}>
                  {t('continueWith', { provider: providerLabel(provider) })}
                </Button>
              ))}
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
