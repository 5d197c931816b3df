import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/kit/app.ts';
import { buildSessionHeaders, buildTeam, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import type { RapportApp } from '../../transport/http/build-app.ts';

eachEngine('inboxes', (context) => {
  let app: RapportApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates an inbox in the account time zone with weekday hours, then changes its hours and team', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const team = await buildTeam(context.db, { accountId: admin.accountId });
    const created = await app.inject({ method: 'POST', url: '/api/v1/inboxes', headers, payload: { name: 'Returns' } });
    expect(created.statusCode).toBe(201);
    const inbox = created.json().inbox;
    expect(inbox).toMatchObject({ name: 'Returns', timeZone: 'Europe/Paris', teamId: null });
    expect(inbox.businessHours.mon).toEqual([{ opens: '09:00', closes: '17:00' }]);
    expect(inbox.businessHours.sun).toEqual([]);

    const saturday = { ...inbox.businessHours, sat: [{ opens: '10:00', closes: '14:00' }] };
    const updated = await app.inject({
      method: 'PATCH',
      url: `/api/v1/inboxes/${inbox.id}`,
      headers,
      payload: { teamId: team.id, timeZone: 'America/New_York', businessHours: saturday },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().inbox).toMatchObject({
      teamId: team.id,
      timeZone: 'America/New_York',
      businessHours: saturday,
    });
    const audit = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', inbox.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['inbox.created', 'inbox.updated']);
  });

  it('rejects hours and zones a person could mistype, naming the field', async () => {
    const admin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, admin);
    const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const cases = [
      { payload: { name: 'A', timeZone: 'Mars/Olympus' }, code: 'request.invalid', field: 'timeZone' },
      {
        payload: { name: 'B', businessHours: { ...closedWeek, mon: [{ opens: '9am', closes: '17:00' }] } },
        code: 'request.invalid',
        field: 'businessHours.mon.0.opens',
      },
      {
        payload: { name: 'C', businessHours: { ...closedWeek, mon: [{ opens: '17:00', closes: '09:00' }] } },
        code: 'request.invalid',
        field: 'businessHours.mon.0',
      },
      { payload: { name: 'D', businessHours: closedWeek }, code: 'inbox.never_open', field: 'businessHours' },
      { payload: { name: 'E', teamId: 'no-such-team' }, code: 'inbox.team_not_found', field: 'teamId' },
      { payload: { name: '' }, code: 'request.invalid', field: 'name' },
    ];
    for (const { payload, code, field } of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/inboxes', headers, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe(code);
      expect(Object.keys(response.json().error.details.fields)).toContain(field);
    }
    const names = await context.db
      .selectFrom('inboxes')
      .select('name')
      .where('account_id', '=', admin.accountId)
      .execute();
    expect(names).toEqual([]);
  });
});
