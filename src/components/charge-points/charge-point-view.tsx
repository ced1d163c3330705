'use client';

import { useFormats } from '@/i18n/formats';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import * as React from 'react';

import { DateTime } from '@/components/date-time';
import { Duration } from '@/components/duration';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ChargePointSettings } from './charge-point-settings';
import { Configuration } from './configuration';
import { ConnectionBadge } from '@/components/state-badge';
import { ConnectorStatus } from './connector-status';
import { Maintenance, type LocalListState } from './maintenance';
import { MessageLog } from './message-log';
import { RemoteActions } from './remote-actions';
import { SessionChart } from './session-chart';
import { usePolled } from './use-polled';

interface Connector {
  evse_id: number;
  connector_id: number;
  status: string | null;
  error_code: string | null;
  max_current_a: number | null;
  /** Live power while a session runs on this EVSE. */
  power_w: number | null;
  /** The site's load balancing limit for this connector's session (A per phase). */
  allocated_a: number | null;
}
interface Session {
  id: string;
  transaction_id: string;
  evse_id: number;
  connector_id: number;
  id_tag: string | null;
  started_at: string;
  stopped_at: string | null;
  energy_wh: number | null;
  cost: number | null;
  currency: string | null;
  vehicle_name?: string | null;
}
export interface ChargePointDetail {
  id: string;
  name: string;
  identity: string;
  connected: boolean;
  ocpp_version: string | null;
  vendor: string | null;
  model: string | null;
  status: string | null;
  last_seen_at: string | null;
  connectors: Connector[];
  active_transaction: Session | null;
  /** Open sessions, newest first. */
  active_transactions: Session[];
  site_id: string | null;
  tariff_id: string | null;
  firmware_version: string | null;
  local_list: LocalListState;
}

const kwhNumber = (wh: number | null) => (wh === null ? 0 : Number((wh / 1000).toFixed(2)));

/**
 * One charge point: live state and power (polled every 5 s), remote actions, sessions, energy, message log, CSV
 * export, configuration, local list, firmware and diagnostics, site, tariff and connector limits.
 */
function ChargePointView({ initial }: { initial: ChargePointDetail }) {
  const base = `/api/charge-points/${initial.id}`;
  // Every 5 s: connector power is live.
  const [cp, reloadCp] = usePolled<ChargePointDetail>(base, initial, 5_000);
  const reload = React.useCallback(() => reloadCp(), [reloadCp]);
  const [{ transactions }, reloadTx] = usePolled<{ transactions: Session[] }>(`${base}/transactions?limit=20`, { transactions: [] });
  const [month, setMonth] = React.useState(() => new Date().toISOString().slice(0, 7));
  const chart = [...transactions].reverse().map((t) => ({ started: t.started_at.slice(5, 16).replace('T', ' '), kWh: kwhNumber(t.energy_wh) }));
  const tr = useTranslations('chargePoint');
  const f = useFormats();
  // Energy as a bare number (the column says kWh), power with its unit, money in its currency.
  const kwh = (wh: number | null) => (wh === null ? '–' : f.fixed(wh / 1000, 2));
  const kw = (w: number | null) => (w === null ? '–' : f.powerW(w));

  return (
    <div className="grid items-start gap-6 lg:grid-cols-2 [&>*]:min-w-0">
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{tr('state')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <p>
            <ConnectionBadge connected={cp.connected} data-testid="charge-point-state" />{' '}
            {cp.status && <ConnectorStatus label={tr('chargePoint')} status={cp.status} />}
          </p>
          <p className="text-muted-foreground">
            {[cp.vendor, cp.model, cp.ocpp_version, cp.firmware_version && tr('firmware', { version: cp.firmware_version })].filter(Boolean).join(' · ') ||
              tr('notBooted')}
            {cp.last_seen_at && (
              <>
                {' '}
                · {tr.rich('lastSeen', { time: () => <DateTime value={cp.last_seen_at!} /> })}
              </>
            )}
          </p>
          <ul aria-label={tr('connectors')} className="flex flex-col gap-1">
            {cp.connectors.map((c) => (
              <li key={`${c.evse_id}/${c.connector_id}`}>
                <ConnectorStatus label={tr('connector', { id: `${c.evse_id}/${c.connector_id}` })} status={c.status} />
                {c.power_w !== 0 && <span data-testid={`power-${c.evse_id}-${c.connector_id}`}> · {kw(c.power_w)}</span>}
                {c.error_code && c.error_code !== 'NoError' && <span className="text-destructive"> ({c.error_code})</span>}
                {c.allocated_a !== null && (
                  <span data-testid={`allocation-${c.evse_id}-${c.connector_id}`}>
                    {' '}
                    · {c.allocated_a === 0 ? tr('queued') : tr('siteAllows', { amps: c.allocated_a })}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {cp.active_transaction && (
            <p data-testid="active-session">
              {tr.rich('chargingSince', {
                time: () => <DateTime value={cp.active_transaction!.started_at} />,
                duration: () => <Duration from={cp.active_transaction!.started_at} to={null} />,
                energy: `${kwh(cp.active_transaction.energy_wh)} kWh`,
              })}
            </p>
          )}
          <RemoteActions
            chargePointId={cp.id}
            state={{ connected: cp.connected, protocol: cp.ocpp_version, status: cp.status, connectors: cp.connectors, sessions: cp.active_transactions }}
            onDone={() => {
              reloadCp();
              reloadTx();
            }}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{tr('energy')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <div className="h-48">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="started" fontSize={10} />
                <YAxis fontSize={10} unit=" kWh" />
                <Tooltip />
                <Bar dataKey="kWh" fill="var(--color-primary)" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          {(cp.active_transaction ?? transactions[0]) && (
            <>
              <h3 className="text-sm font-medium">{cp.active_transaction ? tr('currentSession') : tr('lastSession')}</h3>
              <SessionChart key={(cp.active_transaction ?? transactions[0]).id} chargePointId={cp.id} transactionId={(cp.active_transaction ?? transactions[0]).id} />
            </>
          )}
          <div className="flex flex-wrap items-end gap-x-3 gap-y-2">
            <div className="flex min-w-0 flex-col gap-1">
              <Label htmlFor="export-month">{tr('csv')}</Label>
              <Input id="export-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} className="w-44 max-w-full" />
            </div>
            <a className="text-sm underline underline-offset-4" href={`${base}/energy.csv?month=${month}`} download>
              {tr('download')}
            </a>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{tr('sessions')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <Table aria-label={tr('sessions')}>
            <TableHeader>
              <TableRow>
                <TableHead>{tr('started')}</TableHead>
                <TableHead className="hidden sm:table-cell">{tr('stopped')}</TableHead>
                <TableHead className="hidden md:table-cell">{tr('tag')}</TableHead>
                <TableHead className="hidden text-right sm:table-cell">{tr('duration')}</TableHead>
                <TableHead className="text-right">kWh</TableHead>
                <TableHead className="text-right">{tr('cost')}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {transactions.map((t) => {
                const stopped = t.stopped_at ? <DateTime value={t.stopped_at} /> : tr('running');
                return (
                  <TableRow key={t.id}>
                    <TableCell className="text-xs whitespace-normal">
                      <DateTime value={t.started_at} />
                      {/* Narrow screens: the hidden columns under the start. */}
                      <div className="text-muted-foreground sm:hidden">
                        {tr.rich('to', { stopped: () => stopped })} · <Duration from={t.started_at} to={t.stopped_at} />
                      </div>
                      {t.id_tag && <div className="font-mono text-muted-foreground md:hidden">{t.id_tag}</div>}
                      {t.vehicle_name && <div data-testid="session-vehicle">{t.vehicle_name}</div>}
                    </TableCell>
                    <TableCell className="hidden text-xs sm:table-cell">{stopped}</TableCell>
                    <TableCell className="hidden font-mono text-xs md:table-cell">{t.id_tag ?? '–'}</TableCell>
                    <TableCell className="hidden text-right text-xs sm:table-cell">
                      <Duration from={t.started_at} to={t.stopped_at} />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{kwh(t.energy_wh)}</TableCell>
                    <TableCell className="text-right tabular-nums">{t.cost === null ? '–' : f.money(t.cost, t.currency ?? '')}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{tr('maintenance')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <Maintenance
            chargePointId={cp.id}
            protocol={cp.ocpp_version}
            localList={cp.local_list}
            sessions={cp.active_transactions}
            onDone={reload}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{tr('configuration')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <Configuration chargePointId={cp.id} protocol={cp.ocpp_version} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{tr('settings')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <ChargePointSettings chargePointId={cp.id} siteId={cp.site_id} tariffId={cp.tariff_id} connectors={cp.connectors} onDone={reload} />
        </CardContent>
      </Card>

      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>
            <h2>{tr('messageLog')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <MessageLog chargePointId={cp.id} />
        </CardContent>
      </Card>
    </div>
  );
}

export { ChargePointView };
