import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationTemplates } from '../../src/server/notifications/notification-templates.ts';

const citizens = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../locales/fr/citizens.json'), 'utf8')) as {
  message_templates: Record<string, string>;
};

describe('the agents’ citizen timeline', () => {
  it('names every kind of message the portal sends (a raw template name would reach the agent otherwise)', () => {
    expect(notificationTemplates.filter((template) => !(template in citizens.message_templates))).toEqual([]);
  });
});
