import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { siteEnergyYaml } from '@/server/ha/setup-snippets';

describe('Home Assistant energy management YAML', () => {
  const yaml = siteEnergyYaml('https://ev.example.com', { id: 'site-1', name: 'Home' }, [{ id: 'cp-1', name: 'Garage' }]);
  const [configuration, automations] = yaml.replaceAll('!secret ', '').split('# automations.yaml');
  const config = parse(configuration) as { rest: any[]; rest_command: Record<string, any> };
  const autos = parse(automations) as any[];

  it('has the site status sensors, with each charge point’s mode', () => {
    expect(config.rest[0].resource).toBe('https://ev.example.com/api/ha/sites/site-1');
    expect(config.rest[0].sensor.map((s: any) => s.value_template)).toEqual(
      expect.arrayContaining(['{{ value_json.surplus_power_w }}', '{{ value_json.allocated_power_w }}', '{{ value_json.effective_limit_a }}']),
    );
    expect(config.rest[0].sensor.find((s: any) => s.unique_id === 'evconduit_garage_charging_mode').value_template).toContain("'cp-1'");
  });

  it('pushes measurements and sets modes with rest_commands, the grid power every 10 s', () => {
    expect(config.rest_command.evconduit_home_measurements).toMatchObject({ url: 'https://ev.example.com/api/ha/sites/site-1/measurements', method: 'POST' });
    expect(config.rest_command.evconduit_home_measurements.payload).toContain('"grid_power_w": {{ grid }}');
    expect(config.rest_command.evconduit_charging_mode.url).toBe('https://ev.example.com/api/ha/charge-points/{{ charge_point_id }}/mode');
    expect(autos[0].triggers[0]).toEqual({ trigger: 'time_pattern', seconds: '/10' });
    expect(autos[0].actions[0].action).toBe('rest_command.evconduit_home_measurements');
  });
});
