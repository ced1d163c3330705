import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { HistoryEntry } from '@/server/notifications/view';

const STATUS_VARIANT = { sent: 'default', queued: 'secondary', sending: 'secondary', skipped: 'outline', failed: 'destructive' } as const;

/** The newest deliveries with what became of each (the page refreshes it after a save or a test). */
function NotificationHistory({ initial }: { initial: HistoryEntry[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Sent to you</h2>
        </CardTitle>
        <CardDescription>The last 100 notifications, with their delivery status.</CardDescription>
      </CardHeader>
      <CardContent>
        {initial.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing yet.</p>
        ) : (
          <Table aria-label="Notification history">
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>What</TableHead>
                <TableHead>Channel</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {initial.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    <DateTime value={d.created_at} />
                  </TableCell>
                  <TableCell>
                    {d.title}
                    {d.last_error && <div className="text-xs text-muted-foreground">{d.last_error}</div>}
                  </TableCell>
                  <TableCell>{d.channel}</TableCell>
                  <TableCell>
                    <Badge variant={STATUS_VARIANT[d.status]}>{d.status}</Badge>
                    {d.next_attempt_at && (
                      <div className="text-xs text-muted-foreground">
                        next try <DateTime value={d.next_attempt_at} />
                      </div>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

export { NotificationHistory };
