export { GET } from '../../me/route';
