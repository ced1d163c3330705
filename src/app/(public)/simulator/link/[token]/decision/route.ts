import { simulatorDecisionSchema, simulatorLinkDecision, simulatorLinkParams } from '@/server/enode/simulator-link';
import { badRequest } from '@/server/http/errors';
import { redirectErrors, seeOther } from '@/server/http/browser-redirect';
import { route } from '@/server/http/route';
import { linkFailedPage } from '@/server/vehicles/linking';

const FORM_MAX_BYTES = 4096;

/** The simulator Link page's form: the choice goes to the simulator, the browser on to the link's redirect URI. */
export const POST = redirectErrors(
  route({ access: 'public', params: simulatorLinkParams, rawBody: true, maxBodyBytes: FORM_MAX_BYTES }, async ({ params, rawBody }) => {
    const form = simulatorDecisionSchema.safeParse(Object.fromEntries(new URLSearchParams(rawBody.toString('utf8'))));
    if (!form.success) throw badRequest('bad_request', 'errors.simulator.chooseBrand');
    return seeOther(await simulatorLinkDecision(params.token, form.data));
  }),
  ({ detail }) => linkFailedPage(detail),
);
