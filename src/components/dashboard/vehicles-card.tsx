import { CarIcon } from 'lucide-react';

import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** Vehicles arrive with the Enode integration; until then the card only says so. */
function VehiclesCard() {
  return (
    <Card>
      <CardHeader>
        <div className="flex items-center justify-between gap-2">
          <CarIcon className="size-6" aria-hidden="true" />
          <Badge variant="secondary">Coming soon</Badge>
        </div>
        <CardTitle>
          <h2>Link a vehicle</h2>
        </CardTitle>
        <CardDescription>See battery level, range and charging state of your car.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        Vehicles are linked through Enode, which is not available yet. When it is, you will link your car from this
        card.
      </CardContent>
    </Card>
  );
}

export { VehiclesCard };
