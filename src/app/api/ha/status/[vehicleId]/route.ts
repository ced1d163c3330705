export { GET } from '../../../status/[vehicleId]/route';
