import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { ensureConsoleBuilt } from './support/console.js';
import { birthdayIn, createPerson, linkRecords } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

// The console's later pages in a real browser against the real server, each in English and Welsh, each checked
// with axe (no serious or critical WCAG 2.2 A/AA violation) and screenshotted under var/screenshots/: drop-out
// notifications (an EPC reads, a Careers Wales adviser confirms), the provider compliance report, splitting a
// young person's records, the MOVED_OUT_OF_AREA outcome's LA picker, drafting, activating and retiring an
// agreement, and the printable subject access report. Every change is checked where it lands (the database and
// the access log), through the same GraphQL API every partner uses.

const SCREENSHOTS = new URL('../var/screenshots/', import.meta.url).pathname;
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const NOTIFY = registered('NotifyDropOut');
const COLLEGE = 'college.bae-caerdydd';

describe('the console’s notifications, compliance, split, agreement and subject access pages in a browser', { timeout: 120_000 }, () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  let learner: { personId: string; notificationId: string };
  let merged: { personId: string; recordIds: string[] };
  let unknownPerson: string;

  const expectAccessible = async (name: string): Promise<void> => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  };
  const heading = () => page.locator('h1').first();
  const signInAs = async (handle: string): Promise<void> => {
    await page.goto(`${t.url}/console`);
    // Either the sign-in list or (the tab's session still alive) the signed-in line: sign out first in that case.
    const signedIn = page.getByTestId('signed-in-as');
    await page.locator('[data-testid="demo-principals"], [data-testid="signed-in-as"]').first().waitFor();
    if (await signedIn.isVisible()) {
      await page.locator('.cy-signout button').click();
      await page.getByTestId('demo-principals').waitFor();
    }
    await page.locator(`button[data-handle="${handle}"]`).click();
    await signedIn.waitFor();
  };
  /** Every visible text of the main content, to compare the two languages. */
  const mainText = async (): Promise<string> => page.locator('main').innerText();
  /** Switches language with the header's link and waits for the heading to change. */
  const switchTo = async (lang: 'Cymraeg' | 'English'): Promise<void> => {
    const before = await heading().textContent();
    await page.getByRole('link', { name: new RegExp(lang) }).click();
    await expect.poll(() => heading().textContent()).not.toBe(before);
  };
  const loggedSince = async (event: string, since: Date): Promise<Array<{ purpose: string; person_id: string | null }>> =>
    (await t.infra.ds.query(`SELECT purpose, person_id FROM access_event WHERE event = $1 AND occurred_at >= $2`, [event, since])) as Array<{ purpose: string; person_id: string | null }>;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt();
    t = await startTestApi();
    // A Cardiff learner of a Cardiff college, known to Careers Wales, who left three weeks ago: notified late.
    const { personId, recordIds } = await createPerson(t.infra.ds, [
      { providerCode: COLLEGE, givenName: 'Gwenllian', familyName: 'Gadael', payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', course: 'Level 2 Plumbing' } } },
      { providerCode: ORG.careersWales, givenName: 'Gwenllian', familyName: 'Gadael', payload: { CAREERS_GUIDANCE: { interviewCount: 1 } } },
    ]);
    const [row] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    const notified = await gql<{ notifyDropOut: { id: string } }>(t.url, NOTIFY, {
      token: await tokenFor(t.infra, 'college.cardiff'),
      purpose: 'TRACKING',
      variables: { input: { partnerReference: row.partner_reference, reason: 'LEFT_NON_ATTENDANCE', leftOn: daysAgo(21), notifiedOn: daysAgo(1) } },
    });
    expect(notified.body.errors).toBeUndefined();
    learner = { personId, notificationId: notified.body.data!.notifyDropOut.id };
    // Two different young people joined as one: a school's pupil and a youth service's record of someone else.
    merged = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, givenName: 'Rhys', familyName: 'Cymysg', dateOfBirth: '2009-01-02' },
      { providerCode: ORG.careersWales, givenName: 'Rhian', familyName: 'Cymysg', dateOfBirth: '2008-11-30' },
    ]);
    await linkRecords(t.infra.ds, merged.recordIds[0]!, merged.recordIds[1]!, 'SCORED');
    // A Cardiff school leaver in tier 1 whom Careers Wales has not seen for over a year: on the worklist.
    const dob = birthdayIn(17, -20);
    unknownPerson = (
      await createPerson(t.infra.ds, [
        { providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier: 1, assessedOn: daysAgo(30) }, CAREERS_GUIDANCE: { lastContactOn: daysAgo(500), interviewCount: 1 } } },
        { providerCode: ORG.cardiffSchool, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { yearGroup: 11, enrolledOn: '2020-09-03', status: 'LEFT', leftOn: daysAgo(150) } } },
      ])
    ).personId;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an EPC reads the drop-out notifications about learners in Cardiff, in English and in Welsh', async () => {
    await signInAs('epc.cardiff');
    await page.getByRole('link', { name: 'Drop-out notifications' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Drop-out notifications');
    const row = page.locator(`tr[data-notification="${learner.notificationId}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Gwenllian Gadael');
    expect(text).toContain('Left: stopped attending');
    expect(text).toContain('Late: 20 days');
    // Whether Careers Wales acted is its data: an EPC is offered no status filter.
    expect(await page.locator('#status').count()).toBe(0);
    await expectAccessible('13-notifications-en');
    const english = await mainText();

    await switchTo('Cymraeg');
    await expect.poll(() => heading().textContent()).toBe('Hysbysiadau gadael');
    await row.waitFor();
    expect(await row.innerText()).toContain('Wedi gadael: wedi peidio â mynychu');
    const welsh = await mainText();
    for (const label of ['Provider', 'Reason', 'Proposed tier', 'Apply filters', 'Careers Wales action']) {
      expect(english).toContain(label);
      expect(welsh).not.toContain(label);
    }
    await expectAccessible('14-notifications-cy');
    await switchTo('English');
  });

  it('a Careers Wales adviser confirms the proposed tier from the queue, and reads the compliance report', async () => {
    await signInAs('cw.adviser.cardiff');
    await page.goto(`${t.url}/console/notifications?status=OPEN`);
    const row = page.locator(`tr[data-notification="${learner.notificationId}"]`);
    await row.waitFor();
    const since = new Date();
    await row.getByRole('button', { name: 'Confirm tier 3' }).click();
    await page.getByText('Tier confirmed: the notification is closed.').waitFor();
    const [closed] = (await t.infra.ds.query('SELECT closed_at IS NOT NULL AS closed FROM dropout_notification WHERE id = $1', [learner.notificationId])) as [{ closed: boolean }];
    expect(closed.closed).toBe(true);
    expect((await loggedSince('dropout_notification.closed', since)).map((r) => r.purpose)).toEqual(['TRACKING']);

    await page.getByRole('link', { name: 'Provider compliance' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Provider compliance report');
    const month = daysAgo(1).slice(0, 7);
    const cells = page.locator(`tr[data-provider="${COLLEGE}"][data-month="${month}"]`);
    await cells.waitFor();
    // One late drop-out this month from this college: a small cell, shown as suppressed, never as its number; zero is shown.
    expect(await cells.locator('[data-cell="late"] [data-suppressed="true"]').count()).toBe(1);
    expect(await cells.locator('[data-cell="withinLimit"]').innerText()).toBe('0');
    expect(await page.getByTestId('compliance-limit').innerText()).toContain('14 days');
    await expectAccessible('15-compliance-en');
    // A month that is not one is refused in the form, before any request.
    await page.getByLabel('First month').fill('2025-13');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.locator('.govuk-error-summary').getByText('First month must be a month written as YYYY-MM, for example 2025-09').waitFor();
    await switchTo('Cymraeg');
    await expect.poll(() => heading().textContent()).toBe('Adroddiad cydymffurfiad darparwyr');
    await cells.waitFor();
    expect(await cells.locator('[data-cell="late"]').innerText()).toBe('Llai na 5');
    await expectAccessible('16-compliance-cy');
    await switchTo('English');
  });

  it('an EPC splits a wrongly merged young person from the young person’s page, after a refused empty choice', async () => {
    await signInAs('epc.cardiff');
    await page.goto(`${t.url}/console/people/${merged.personId}?purpose=TRACKING`);
    await page.getByRole('link', { name: 'These records are not all the same young person: split them' }).click();
    await expect.poll(() => heading().textContent()).toBe('Split a young person’s records');
    await page.locator(`[data-split-record="${merged.recordIds[1]}"]`).waitFor();
    expect(await page.getByTestId('split-links').innerText()).toContain('Linked by the matcher');
    await page.getByRole('button', { name: 'Split these records off' }).click();
    await page.locator('.govuk-error-summary').getByText('Select the records that belong to someone else').waitFor();
    await expectAccessible('17-split-error-en');

    await page.locator(`[data-split-record="${merged.recordIds[1]}"] input`).check();
    await page.getByLabel('Note (optional)').fill('Different first names and dates of birth');
    const since = new Date();
    await page.getByRole('button', { name: 'Split these records off' }).click();
    await page.getByText('Records split off: they are now a young person of their own.').waitFor();
    const people = (await t.infra.ds.query('SELECT id, person_id FROM source_record WHERE id = ANY($1)', [merged.recordIds])) as Array<{ id: string; person_id: string }>;
    expect(new Set(people.map((p) => p.person_id)).size).toBe(2);
    const [decision] = (await t.infra.ds.query(`SELECT kind, note FROM match_decision WHERE person_id = $1`, [merged.personId])) as [{ kind: string; note: string }];
    expect(decision).toEqual({ kind: 'SPLIT', note: 'Different first names and dates of birth' });
    expect((await loggedSince('person.split', since)).map((r) => r.purpose)).toEqual(['LINKAGE']);
    await expectAccessible('18-split-done-en');
    await switchTo('Cymraeg');
    await expect.poll(() => heading().textContent()).toBe('Gwahanu cofnodion person ifanc');
    // What is left of the young person is one record: nothing more to split.
    expect(await mainText()).toContain('does dim i’w wahanu');
    await expectAccessible('19-split-cy');
    await switchTo('English');
  });

  it('records a move out of the area with the LA chosen from the hub’s list of Welsh LAs', async () => {
    await page.goto(`${t.url}/console/worklist/${unknownPerson}`);
    await expect.poll(() => heading().textContent()).toContain('Resolve an unknown');
    await switchTo('Cymraeg');
    await expect.poll(() => heading().textContent()).toContain('Datrys statws anhysbys');
    await page.getByLabel('Wedi symud i ardal arall yng Nghymru').check();
    const picker = page.getByLabel('I ba awdurdod lleol y symudon nhw? (dewisol)');
    await picker.waitFor();
    // The Welsh names of the LAs, and not the user's own.
    const options = await picker.locator('option').allInnerTexts();
    expect(options).toContain('Cyngor Gwynedd');
    expect(options).not.toContain('Cyngor Caerdydd');
    await picker.selectOption('gwynedd');
    await expectAccessible('20-resolve-moved-cy');
    await page.getByRole('button', { name: 'Cadw’r canlyniad' }).click();
    await page.getByTestId('resolution-history').waitFor();
    await expect
      .poll(async () => (await t.infra.ds.query(`SELECT to_la_code, cause FROM la_transfer WHERE person_id = $1`, [unknownPerson])) as unknown[])
      .toEqual([{ to_la_code: 'gwynedd', cause: 'UNKNOWN_OUTCOME' }]);
    await switchTo('English');
  });

  it('an IG officer drafts an agreement (an incomplete form refused), activates it, and retires another draft', async () => {
    await signInAs('ig.cardiff');
    await page.getByRole('link', { name: 'Sharing agreements' }).first().click();
    await page.getByRole('link', { name: 'Draft an agreement' }).click();
    await expect.poll(() => heading().textContent()).toBe('Draft a sharing agreement');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Enter the agreement’s reference').waitFor();
    expect(await summary.innerText()).toContain('Choose the provider of clause 1');
    await expectAccessible('21-agreement-draft-error-en');

    const draft = async (reference: string): Promise<void> => {
      await page.goto(`${t.url}/console/agreements/new`);
      await page.locator('#clause-0-provider option[value="la.cardiff"]').waitFor({ state: 'attached' });
      await page.getByLabel('Reference').fill(reference);
      await page.getByLabel('Title').fill('Cardiff youth service referrals');
      await page.locator('#purposes').check(); // TRACKING, the first purpose
      await page.getByLabel('In force from').fill(daysAgo(0));
      await page.getByLabel('Review by').fill('2027-12-31');
      await page.locator('#clause-0-provider').selectOption('la.cardiff');
      await page.locator('#clause-0-recipient').selectOption('youth.cardiff');
      await page.locator('#clause-0-categories').check(); // IDENTITY
      await page.locator('#clause-0-purposes').check(); // TRACKING
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByText(`Draft ${reference}@1 saved.`, { exact: false }).waitFor();
    };
    await draft('DDA-CONSOLE-ACTIVATE');
    const section = page.locator('section[data-reference="DDA-CONSOLE-ACTIVATE"]');
    await section.waitFor();
    await expectAccessible('22-agreement-drafted-en');
    await section.getByRole('button', { name: 'Activate this version' }).click();
    await page.getByText('DDA-CONSOLE-ACTIVATE@1 is now in force.').waitFor();

    await draft('DDA-CONSOLE-RETIRE');
    const other = page.locator('section[data-reference="DDA-CONSOLE-RETIRE"]');
    await other.getByLabel('Why are you retiring it? (optional)').fill('Drafted in error');
    await other.getByRole('button', { name: 'Retire this draft' }).click();
    await page.getByText('DDA-CONSOLE-RETIRE@1 has been retired.').waitFor();
    const rows = (await t.infra.ds.query(`SELECT reference, status, party_ids FROM sharing_agreement WHERE reference LIKE 'DDA-CONSOLE-%' ORDER BY reference`)) as Array<{ reference: string; status: string }>;
    expect(rows.map((r) => [r.reference, r.status])).toEqual([['DDA-CONSOLE-ACTIVATE', 'ACTIVE'], ['DDA-CONSOLE-RETIRE', 'EXPIRED']]);
    const events = (await t.infra.ds.query(`SELECT e.event FROM agreement_event e JOIN sharing_agreement a ON a.id = e.agreement_id WHERE a.reference LIKE 'DDA-CONSOLE-%' ORDER BY e.at, e.id`)) as Array<{ event: string }>;
    expect(events.map((e) => e.event)).toEqual(['agreement.drafted', 'agreement.activated', 'agreement.drafted', 'agreement.retired']);

    await page.goto(`${t.url}/console/agreements/new`);
    await expect.poll(() => heading().textContent()).toBe('Draft a sharing agreement');
    await switchTo('Cymraeg');
    await expect.poll(() => heading().textContent()).toBe('Drafftio cytundeb rhannu');
    await expectAccessible('23-agreement-draft-cy');
    await switchTo('English');
  });

  it('an IG officer prepares the subject access report as a printable page, and preparing it is logged', async () => {
    await page.goto(`${t.url}/console/subject-access`);
    await expect.poll(() => heading().textContent()).toBe('Subject access report');
    await page.getByLabel('Young person’s id').fill('not-an-id');
    await page.getByRole('button', { name: 'Prepare the report' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await page.getByLabel('Young person’s id').fill(learner.personId);
    const since = new Date();
    await page.getByRole('button', { name: 'Prepare the report' }).click();
    const report = page.getByTestId('subject-access-report');
    await report.waitFor();
    // Cardiff Council as controller: the accesses by Cardiff's staff are listed (the EPC read the notification).
    expect(await page.getByTestId('sar-accesses').innerText()).toContain('Cardiff');
    expect((await loggedSince('subject_access.reported', since)).map((r) => [r.purpose, r.person_id])).toEqual([['AUDIT', learner.personId]]);
    await expectAccessible('24-subject-access-en');
    // Printed, the page is the report alone: no header, menu or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print this report' }).isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}25-subject-access-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await switchTo('Cymraeg');
    await expect.poll(() => heading().textContent()).toContain('Adroddiad mynediad at ddata');
    await report.waitFor();
    expect(await report.innerText()).toContain('Pwy gafodd fynediad at y data');
    await expectAccessible('26-subject-access-cy');
  });
});
