/**
 * Ready-to-paste configuration for people who prefer no custom integration:
 * Home Assistant REST sensors per vehicle, and an evcc vehicle reading the
 * state of charge. The API key stays a secret (`!secret` / a placeholder).
 */
export interface SnippetVehicle {
  /** The id the snippet calls the API with (Enode's, as the integration uses). */
  id: string;
  name: string;
  /** Battery capacity in kWh, when the car reports it. */
  capacityKwh: number | null;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '') || 'vehicle';

export interface SnippetChargePoint {
  id: string;
  name: string;
}

/** `configuration.yaml` REST sensors, polling every 5 minutes (about 8,900 calls a month per vehicle or charge point). */
export function homeAssistantRestYaml(appUrl: string, vehicles: SnippetVehicle[], chargePoints: SnippetChargePoint[] = []): string {
  const blocks = vehicles.map(
    (v) => `  - resource: ${appUrl}/api/status/${v.id}
    scan_interval: 300
    headers:
      Authorization: !secret evconduit_authorization
    sensor:
      - name: "${v.name} battery"
        unique_id: evconduit_${slug(v.name)}_battery
        value_template: "{{ value_json.batteryLevel }}"
        unit_of_measurement: "%"
        device_class: battery
      - name: "${v.name} range"
        unique_id: evconduit_${slug(v.name)}_range
        value_template: "{{ value_json.range }}"
        unit_of_measurement: km
        device_class: distance
      - name: "${v.name} charging state"
        unique_id: evconduit_${slug(v.name)}_charging_state
        value_template: "{{ value_json.chargingState }}"
    binary_sensor:
      - name: "${v.name} charging"
        unique_id: evconduit_${slug(v.name)}_charging
        value_template: "{{ value_json.isCharging }}"
        device_class: battery_charging
      - name: "${v.name} plugged in"
        unique_id: evconduit_${slug(v.name)}_plugged_in
        value_template: "{{ value_json.isPluggedIn }}"
        device_class: plug`,
  );
  const chargerBlocks = chargePoints.map(
    (c) => `  - resource: ${appUrl}/api/ha/charge-points/${c.id}
    scan_interval: 300
    headers:
      Authorization: !secret evconduit_authorization
    sensor:
      - name: "${c.name} status"
        unique_id: evconduit_${slug(c.name)}_status
        value_template: "{{ value_json.status }}"
      - name: "${c.name} power"
        unique_id: evconduit_${slug(c.name)}_power
        value_template: "{{ value_json.power_w }}"
        unit_of_measurement: W
        device_class: power
      - name: "${c.name} session energy"
        unique_id: evconduit_${slug(c.name)}_session_energy
        value_template: "{{ value_json.session_energy_kwh }}"
        unit_of_measurement: kWh
        device_class: energy
    binary_sensor:
      - name: "${c.name} charging"
        unique_id: evconduit_${slug(c.name)}_charging
        value_template: "{{ value_json.is_charging }}"
        device_class: battery_charging
      - name: "${c.name} online"
        unique_id: evconduit_${slug(c.name)}_online
        value_template: "{{ value_json.connected }}"
        device_class: connectivity`,
  );
  return `# configuration.yaml
rest:
${[...blocks, ...chargerBlocks].join('\n')}

# secrets.yaml
# evconduit_authorization: "Bearer YOUR_API_KEY"
`;
}

/** An evcc `custom` vehicle whose state of charge and range come from the status endpoint. */
export function evccVehicleYaml(appUrl: string, vehicle: SnippetVehicle): string {
  const request = (jq: string) => `      source: http
      uri: ${appUrl}/api/status/${vehicle.id}
      headers:
        - Authorization: Bearer YOUR_API_KEY
      jq: ${jq}`;
  return `# evcc.yaml
vehicles:
  - name: ${slug(vehicle.name)}
    type: custom
    title: ${vehicle.name}
    capacity: ${vehicle.capacityKwh ?? 60} # kWh${vehicle.capacityKwh ? '' : ': set your battery size'}
    soc:
${request('.batteryLevel')}
    range:
${request('.range')}
`;
}

/** An automation receiving a charge point's pushes (webhook id to be registered on the set-up page). */
export function chargePointAutomationYaml(chargePoint: SnippetChargePoint): string {
  const webhookId = `evconduit_${slug(chargePoint.name)}`;
  return [
    `# automations.yaml: register the webhook id "${webhookId}" for ${chargePoint.name} on EVConduit's set-up page.`,
    `- alias: "${chargePoint.name}: EVConduit update"`,
    '  triggers:',
    '    - trigger: webhook',
    `      webhook_id: ${webhookId}`,
    '      allowed_methods: [POST]',
    '      local_only: false',
    '  actions:',
    '    - action: persistent_notification.create',
    '      data:',
    `        title: "${chargePoint.name}"`,
    '        message: >-',
    '          {{ trigger.json.chargePoint.status }},',
    '          {{ trigger.json.chargePoint.power_w }} W,',
    '          session {{ trigger.json.chargePoint.session_energy_kwh }} kWh',
    '',
  ].join('\n');
}

export interface SnippetSite {
  id: string;
  name: string;
}

/**
 * A `rest_command` pushing a site's prices from the Nordpool integration
 * (`raw_today` / `raw_tomorrow`: hourly or 15-minute slots) and an automation
 * calling it when tomorrow's prices arrive and every 6 hours. The charging
 * planner re-plans on each push (docs/planner.md).
 */
export function nordpoolPricesYaml(appUrl: string, site: SnippetSite, sensor = 'sensor.nordpool_kwh_se3_eur_3_10_025'): string {
  const name = `evconduit_prices_${slug(site.name)}`;
  const iso = (field: string) => `{{ s.${field} if s.${field} is string else s.${field}.isoformat() }}`;
  return `# configuration.yaml: replace ${sensor} with your Nordpool sensor.
rest_command:
  ${name}:
    url: ${appUrl}/api/ha/sites/${site.id}/prices
    method: POST
    headers:
      Authorization: !secret evconduit_authorization
    content_type: application/json
    payload: >-
      {"slots": [{% for s in ((state_attr('${sensor}', 'raw_today') or []) + (state_attr('${sensor}', 'raw_tomorrow') or [])) | selectattr('value', 'number') | list %}{"start": "${iso('start')}", "end": "${iso('end')}", "price_per_kwh": {{ s.value }}}{{ "," if not loop.last }}{% endfor %}]}

# automations.yaml
- alias: "${site.name}: push Nordpool prices to EVConduit"
  triggers:
    - trigger: state
      entity_id: ${sensor}
      attribute: raw_tomorrow
    - trigger: time_pattern
      hours: "/6"
  actions:
    - action: rest_command.${name}
`;
}

/**
 * Energy management for one site: REST sensors of its status (surplus,
 * allocated and measured power, the live limit, each charge point's mode), a
 * `rest_command` pushing measurements and one setting a charge point's mode,
 * and an automation pushing the grid power every 10 s. The sensor entities
 * (`sensor.grid_power`, …) are placeholders for the user's own.
 */
export function siteEnergyYaml(appUrl: string, site: SnippetSite, chargePoints: SnippetChargePoint[] = []): string {
  const s = slug(site.name);
  const modeSensors = chargePoints.map(
    (c) => `      - name: "${c.name} charging mode"
        unique_id: evconduit_${slug(c.name)}_charging_mode
        value_template: "{{ ((value_json.charge_points | selectattr('id', 'eq', '${c.id}') | first).connectors | first).charging_mode | default('fast') }}"`,
  );
  const power = (name: string, field: string) => `      - name: "${site.name} ${name}"
        unique_id: evconduit_${s}_${field}
        value_template: "{{ value_json.${field} }}"
        unit_of_measurement: W
        device_class: power`;
  return `# configuration.yaml
rest:
  - resource: ${appUrl}/api/ha/sites/${site.id}
    scan_interval: 30
    headers:
      Authorization: !secret evconduit_authorization
    sensor:
${power('surplus', 'surplus_power_w')}
${power('chargers power', 'chargers_power_w')}
${power('allocated power', 'allocated_power_w')}
      - name: "${site.name} current limit"
        unique_id: evconduit_${s}_effective_limit
        value_template: "{{ value_json.effective_limit_a }}"
        unit_of_measurement: A
        device_class: current
${modeSensors.join('\n')}${modeSensors.length ? '\n' : ''}
rest_command:
  evconduit_${s}_measurements:
    url: ${appUrl}/api/ha/sites/${site.id}/measurements
    method: POST
    headers:
      Authorization: !secret evconduit_authorization
    content_type: application/json
    # Grid: import positive, export negative (W). Leave out what you do not measure.
    payload: >-
      {"grid_power_w": {{ grid }}, "pv_power_w": {{ pv }}, "battery_power_w": {{ battery }}}
  evconduit_charging_mode:
    url: "${appUrl}/api/ha/charge-points/{{ charge_point_id }}/mode"
    method: POST
    headers:
      Authorization: !secret evconduit_authorization
    content_type: application/json
    # off, fast, min_solar or solar
    payload: '{"charging_mode": "{{ mode }}"}'

# automations.yaml
- alias: "EVConduit: push ${site.name} measurements"
  mode: single
  triggers:
    - trigger: time_pattern
      seconds: "/10"
  actions:
    - action: rest_command.evconduit_${s}_measurements
      data:
        grid: "{{ states('sensor.grid_power') | float(0) }}"
        pv: "{{ states('sensor.solar_power') | float(0) }}"
        battery: "{{ states('sensor.home_battery_power') | float(0) }}"
${chargePoints[0] ? `
# e.g. a script or dashboard button: Solar mode for ${chargePoints[0].name}
# - action: rest_command.evconduit_charging_mode
#   data:
#     charge_point_id: ${chargePoints[0].id}
#     mode: solar
` : ''}
# secrets.yaml
# evconduit_authorization: "Bearer YOUR_API_KEY"
`;
}
