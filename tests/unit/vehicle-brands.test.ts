import { describe, expect, it } from 'vitest';

import { linkableBrands, SIMULATOR_VENDORS, VEHICLE_BRANDS } from '@/lib/vehicle-brands';
import { VENDORS } from '../fakes/enode/vehicles';

describe('the brands offered for linking', () => {
  it('with the simulator are exactly the vendors it simulates', () => {
    expect([...SIMULATOR_VENDORS].sort()).toEqual(Object.keys(VENDORS).sort());
    expect(linkableBrands(true).map(([vendor]) => vendor).sort()).toEqual(Object.keys(VENDORS).sort());
  });

  it('with Enode are all of them', () => {
    expect(linkableBrands(false)).toEqual(VEHICLE_BRANDS);
  });
});
