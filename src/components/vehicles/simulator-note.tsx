import { FlaskConicalIcon } from 'lucide-react';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

/** Shown while the app runs against the built-in Enode simulator. */
function SimulatorNote() {
  return (
    <Alert>
      <FlaskConicalIcon aria-hidden="true" />
      <AlertTitle>Simulated vehicles</AlertTitle>
      <AlertDescription>
        No Enode credentials are set, so vehicles come from the built-in simulator and are gone after a restart. To link
        real cars, set ENODE_CLIENT_ID and ENODE_CLIENT_SECRET (see docs/vehicles.md) and restart the app.
      </AlertDescription>
    </Alert>
  );
}

export { SimulatorNote };
