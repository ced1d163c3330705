export { GET } from '../../user/vehicles/route';
