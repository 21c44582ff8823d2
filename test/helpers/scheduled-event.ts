/**
 * The EventBridge "Scheduled Event" the collect rule delivers, with fixed id and time so cycle ids are known
 * (the local runner's own events, local/runner/events.ts, carry a fresh id and the current time).
 */
const SCHEDULED_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-25T20:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/collect'],
  detail: {},
};

export { SCHEDULED_EVENT };
