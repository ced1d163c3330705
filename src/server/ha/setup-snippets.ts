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
