import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evccVehicleYaml, homeAssistantRestYaml } from '@/server/ha/setup-snippets';

const cars = [
  { id: 'enode-1', name: 'Tesla Model 3', capacityKwh: 75 },
  { id: 'enode-2', name: 'Kia EV6 (2023)', capacityKwh: null },
];

describe('Home Assistant REST sensors', () => {
  it('is valid YAML with one resource per vehicle, polling the status endpoint with the key from secrets', () => {
    const yaml = homeAssistantRestYaml('https://ev.example.com', cars);
    const config = parse(yaml.replaceAll('!secret ', '')) as { rest: any[] };
    expect(config.rest.map((r) => r.resource)).toEqual(['https://ev.example.com/api/status/enode-1', 'https://ev.example.com/api/status/enode-2']);
    expect(config.rest[1].headers.Authorization).toBe('evconduit_authorization');
    expect(config.rest[1].sensor.map((s: any) => s.unique_id)).toEqual([
      'evconduit_kia_ev6_2023_battery',
      'evconduit_kia_ev6_2023_range',
      'evconduit_kia_ev6_2023_charging_state',
    ]);
    expect(yaml).toContain('!secret evconduit_authorization');
  });

  it('adds charge points: status, power, session energy, charging, online', () => {
    const config = parse(homeAssistantRestYaml('http://ha.local:3000', [], [{ id: 'cp-1', name: 'Garage' }]).replaceAll('!secret ', '')) as { rest: any[] };
    expect(config.rest).toHaveLength(1);
    expect(config.rest[0].resource).toBe('http://ha.local:3000/api/ha/charge-points/cp-1');
    expect(config.rest[0].sensor.map((s: any) => s.value_template)).toEqual([
      '{{ value_json.status }}',
      '{{ value_json.power_w }}',
      '{{ value_json.session_energy_kwh }}',
    ]);
    expect(config.rest[0].binary_sensor.map((s: any) => s.device_class)).toEqual(['battery_charging', 'connectivity']);
  });
});

describe('evcc vehicle', () => {
  it('reads the state of charge and range with jq, and asks for the capacity when unknown', () => {
    const config = parse(evccVehicleYaml('http://192.168.1.20:3000', cars[1])) as { vehicles: any[] };
    const [vehicle] = config.vehicles;
    expect(vehicle).toMatchObject({ name: 'kia_ev6_2023', type: 'custom', title: 'Kia EV6 (2023)', capacity: 60 });
    expect(vehicle.soc).toMatchObject({ source: 'http', uri: 'http://192.168.1.20:3000/api/status/enode-2', jq: '.batteryLevel' });
    expect(vehicle.range.jq).toBe('.range');
    expect(evccVehicleYaml('http://x', cars[1])).toContain('set your battery size');
  });
});

describe('Nordpool price push', () => {
  it('is valid YAML: a rest_command posting to the site\'s prices endpoint and an automation calling it', async () => {
    const { nordpoolPricesYaml } = await import('@/server/ha/setup-snippets');
    const yaml = nordpoolPricesYaml('https://ev.example.com', { id: 'site-1', name: 'Home' }, 'sensor.nordpool_kwh_fi_eur');
    const [config, automations] = yaml.split('# automations.yaml');
    const rest = parse(config.replaceAll('!secret ', '')) as { rest_command: Record<string, any> };
    const command = rest.rest_command.evconduit_prices_home;
    expect(command).toMatchObject({ url: 'https://ev.example.com/api/ha/sites/site-1/prices', method: 'POST', content_type: 'application/json' });
    expect(command.payload).toContain("state_attr('sensor.nordpool_kwh_fi_eur', 'raw_tomorrow')");
    expect(command.payload).toContain('"price_per_kwh": {{ s.value }}');
    const [automation] = parse(automations) as any[];
    expect(automation.actions[0].action).toBe('rest_command.evconduit_prices_home');
    expect(automation.triggers[0]).toMatchObject({ trigger: 'state', attribute: 'raw_tomorrow' });
  });
});
