export { POST } from '../../../charging/[vehicleId]/route';
