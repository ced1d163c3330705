/** Enode vendor ids and names offered when linking a vehicle. */
export const VEHICLE_BRANDS: readonly (readonly [vendor: string, name: string])[] = [
  ['TESLA', 'Tesla'],
  ['VOLKSWAGEN', 'Volkswagen'],
  ['KIA', 'Kia'],
  ['HYUNDAI', 'Hyundai'],
  ['BMW', 'BMW'],
  ['MERCEDES', 'Mercedes-Benz'],
  ['AUDI', 'Audi'],
  ['SKODA', 'Škoda'],
  ['VOLVO', 'Volvo'],
  ['POLESTAR', 'Polestar'],
  ['NISSAN', 'Nissan'],
  ['RENAULT', 'Renault'],
];

/** The vendors the built-in Enode simulator has (tests/fakes/enode/vehicles.ts; a unit test keeps the two in step). */
export const SIMULATOR_VENDORS = ['TESLA', 'VOLKSWAGEN', 'KIA'];

/** The brands a user can really link: with the simulator, only its own. */
export const linkableBrands = (simulator: boolean) =>
  simulator ? VEHICLE_BRANDS.filter(([vendor]) => SIMULATOR_VENDORS.includes(vendor)) : VEHICLE_BRANDS;
