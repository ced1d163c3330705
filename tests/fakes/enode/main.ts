/**
 * Runs the Enode simulator on its own: `npx tsx tests/fakes/enode/main.ts`
 * (ENODE_SIM_PORT, default 4100). Prints the settings that point EVConduit at it.
 */
import { startEnodeSimulator } from './simulator';

const simulator = await startEnodeSimulator({
  port: Number(process.env.ENODE_SIM_PORT ?? 4100),
  clientId: process.env.ENODE_CLIENT_ID,
  clientSecret: process.env.ENODE_CLIENT_SECRET,
});
console.log(`Enode simulator on ${simulator.url}. Settings for EVConduit:`);
for (const [name, value] of Object.entries(simulator.env())) console.log(`${name}=${value}`);

const stop = () => void simulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
