import { mkdir, readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { ensureConsoleBuilt } from './support/console.js';
import { birthdayIn, createPerson, type RecordSpec } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { registered } from './support/registered.js';

// The console in a real browser (Debian's Chromium driven by playwright-core) against the real server: sign in
// as the demo does, switch language (and have it remembered), work the tier-1 worklist, confirm a match, and as
// an IG officer find the EPC's access in the log, download it and verify the chain. Every page is checked with
// axe (no serious or critical WCAG 2.2 A/AA violation) and screenshotted under var/screenshots/.

const SCREENSHOTS = new URL('../var/screenshots/', import.meta.url).pathname;
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SUBMIT = registered('SubmitRecords'); // partner systems send registered operations only
// The review pair of the match-review tests: the school's pupil, and a Careers Wales record of perhaps the same young person.
const SCHOOL = { partnerReference: 'CON-SCH', givenName: 'Dafydd', familyName: 'Prys', dateOfBirth: '2008-05-17', sex: 'M', postcode: 'CF24 3AA' };
const COLLEGE = { ...SCHOOL, partnerReference: 'CON-COL' };
const CAREERS = { partnerReference: 'CON-CW', givenName: 'Dai', familyName: 'Hughes', dateOfBirth: '2008-05-17', sex: 'F', postcode: 'NP20 1AB', payload: { TIER_STATUS: { tier: 3, assessedOn: '2025-10-01' } } };

describe('the console in a browser', { timeout: 90_000 }, () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  let unknownPerson: string;

  /** No serious or critical accessibility violation on the page as it is now. */
  const expectAccessible = async (name: string): Promise<void> => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  };
  const heading = () => page.locator('h1').first();
  const signInAs = async (handle: string): Promise<void> => {
    await page.goto(`${t.url}/console`);
    await page.locator(`button[data-handle="${handle}"]`).click();
    await page.getByTestId('signed-in-as').waitFor();
  };
  const signOut = async (): Promise<void> => {
    await page.locator('.cy-signout button').click();
    await page.locator('[data-testid="demo-principals"]').waitFor();
  };

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt();
    t = await startTestApi();
    await resetMatching();
    for (const [handle, record] of [['school.cardiff', SCHOOL], ['college.cardiff', COLLEGE], ['cw.system', CAREERS]] as const) {
      const res = await gql<{ submitRecords: { id: string; rejectedRows: number } }>(t.url, SUBMIT, { token: await tokenFor(t.infra, handle), variables: { input: { records: [record] } } });
      expect(res.body.data?.submitRecords.rejectedRows).toBe(0);
      await t.infra.services.matching.processQueue(res.body.data!.submitRecords.id);
    }
    // A Cardiff school leaver whom Careers Wales has in tier 1 and has not seen for over a year: on the worklist.
    const dob = birthdayIn(17, -10);
    const records: RecordSpec[] = [
      { providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier: 1, assessedOn: day(-30) }, CAREERS_GUIDANCE: { lastContactOn: day(-500), interviewCount: 1 } } },
      { providerCode: ORG.cardiffSchool, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { yearGroup: 11, enrolledOn: '2020-09-03', status: 'LEFT', leftOn: day(-150) } } },
    ];
    unknownPerson = (await createPerson(t.infra.ds, records)).personId;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    page = await (await browser.newContext({ acceptDownloads: true, locale: 'en-GB' })).newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in as a demo user, and the language chosen changes every label and is remembered', async () => {
    await page.goto(`${t.url}/console`);
    await expect.poll(() => heading().textContent()).toBe('Sign in');
    await expectAccessible('01-sign-in');
    await signInAs('epc.cardiff');
    await expect.poll(() => heading().textContent()).toBe('Your work');
    const english = await page.locator('#navigation').innerText();
    expect(english).toContain('Unknowns worklist');
    await expectAccessible('02-home-en');

    await page.getByRole('link', { name: /Cymraeg/ }).click();
    await expect.poll(() => heading().textContent()).toBe('Eich gwaith');
    expect(new URL(page.url()).pathname).toBe('/consol');
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    const welsh = await page.locator('#navigation').innerText();
    // Every navigation label changed (none is left in English).
    for (const label of english.split('\n').filter(Boolean)) expect(welsh).not.toContain(label);
    expect(welsh).toContain('Rhestr waith statws anhysbys');
    expect(await page.evaluate(`localStorage.getItem('cyswllt.lang')`)).toBe('cy');
    // Remembered: the English address now opens in Welsh (the token is this tab's, so still signed in).
    await page.goto(`${t.url}/console`);
    await expect.poll(() => heading().textContent()).toBe('Eich gwaith');
    expect(new URL(page.url()).pathname).toBe('/consol');
    // Nothing about a young person is kept in the browser: local storage holds the language only.
    expect(await page.evaluate(`Object.keys(localStorage)`)).toEqual(['cyswllt.lang']);
    await expectAccessible('03-home-cy');
  });

  it('works the worklist in Welsh: the unknown with its sightings, a refused empty form, then a contact attempt', async () => {
    await page.getByRole('link', { name: 'Rhestr waith statws anhysbys' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Rhestr waith haen 1: statws anhysbys');
    const row = page.locator(`tr[data-person="${unknownPerson}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Haen 1 (anhysbys) gyda Gyrfa Cymru');
    expect(await row.innerText()).toContain('Wedi gadael yr ysgol');
    await expectAccessible('04-worklist-cy');

    await row.getByRole('link').first().click();
    await expect.poll(() => heading().textContent()).toContain('Datrys statws anhysbys');
    await page.getByRole('button', { name: 'Cadw’r canlyniad' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Dewiswch beth gawsoch chi wybod');
    // The summary takes the focus, and its link leads to the field.
    expect(await page.evaluate(`document.activeElement?.classList.contains('govuk-error-summary')`)).toBe(true);
    await expectAccessible('05-resolve-error-cy');

    await page.getByLabel('Galwad ffôn').check();
    await page.getByRole('button', { name: 'Cadw’r ymgais' }).click();
    await page.getByText('Cofnodwyd yr ymgais i gysylltu.').waitFor();
    const events = (await t.infra.ds.query(`SELECT outcome, contact_method FROM tier_event WHERE person_id = $1 AND kind = 'RESOLUTION'`, [unknownPerson])) as Array<{ outcome: string; contact_method: string }>;
    expect(events).toEqual([{ outcome: 'CONTACT_ATTEMPT', contact_method: 'PHONE' }]);
    await page.getByTestId('resolution-history').waitFor();
    await expectAccessible('06-resolve-cy');
  });

  it('confirms a match in English: both records side by side with the weight of each comparison', async () => {
    await page.getByRole('link', { name: /English/ }).click();
    await page.getByRole('link', { name: 'Match review' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Match review');
    await expect.poll(() => page.getByTestId('pairs-waiting').textContent()).toBe('Pairs waiting: 2');
    const pair = page.locator('section[data-candidate]').first();
    const text = await pair.innerText();
    // Under LINKAGE the names of both sides are released to decide on.
    expect(text).toContain('Dafydd');
    expect(text).toContain('Dai');
    const bars = pair.locator('[data-testid="weights"] li');
    expect(await bars.count()).toBeGreaterThan(3);
    expect(await pair.locator('[data-key="familyName"]').getAttribute('data-weight')).toMatch(/^-/);
    await expectAccessible('07-match-review');

    const candidate = (await pair.getAttribute('data-candidate'))!;
    const before = new Date();
    await pair.locator('button[data-action="confirm"]').click();
    await page.getByText('Pair confirmed: the records are now one young person.').waitFor();
    const [row] = (await t.infra.ds.query('SELECT status FROM match_candidate WHERE id = $1', [candidate])) as [{ status: string }];
    expect(row.status).toBe('CONFIRMED');
    const logged = (await t.infra.ds.query(`SELECT purpose FROM access_event WHERE event = 'match.confirmed' AND occurred_at >= $1`, [before])) as Array<{ purpose: string }>;
    expect(logged.map((l) => l.purpose)).toContain('LINKAGE');
  });

  it('shows a young person: status, the tier history and each record with its provenance', async () => {
    await page.goto(`${t.url}/console/people/${unknownPerson}?purpose=UNKNOWN_RESOLUTION`);
    await page.locator('[data-record]').first().waitFor();
    expect(await page.locator('[data-record]').count()).toBe(2);
    expect(await page.locator('[data-purpose]').getAttribute('data-purpose')).toBe('UNKNOWN_RESOLUTION');
    expect(await page.getByTestId('tier-history').innerText()).toContain('Worklist resolution');
    await expectAccessible('08-young-person');
  });

  it('accepts a young person moving into Cardiff from the transfers page', async () => {
    // A Gwynedd pupil whose college, in Cardiff, gives a Cardiff address: a transfer into Cardiff opens.
    const dob = birthdayIn(17, -40);
    const { personId } = await createPerson(t.infra.ds, [{ providerCode: 'school.gwynedd.ysgol-gyfun-glan-seiont', givenName: 'Elis', familyName: 'Symudol', dateOfBirth: dob, postcode: 'LL55 1AA' }]);
    await t.infra.ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, given_name, family_name, date_of_birth, postcode)
       SELECT id, 'CON-MV', $1, 'Elis', 'Symudol', $3, 'CF24 3AA' FROM organisation WHERE code = $2`,
      [personId, ORG.cardiffCollege, dob],
    );
    await page.getByRole('link', { name: 'Transfers' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Transfers in and out');
    const row = page.locator('tr[data-transfer]', { hasText: 'Elis Symudol' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Awaiting acceptance');
    await expectAccessible('09-transfers');
    await row.getByRole('button', { name: /Accept/ }).click();
    await page.getByText('Transfer accepted: your LA is now the young person’s home LA.').waitFor();
    const [transfer] = (await t.infra.ds.query(`SELECT status FROM la_transfer WHERE person_id = $1`, [personId])) as [{ status: string }];
    expect(transfer.status).toBe('ACCEPTED');
  });

  it('declines, with a reason, a young person moving into Cardiff from the transfers page', async () => {
    const dob = birthdayIn(17, -41);
    const { personId } = await createPerson(t.infra.ds, [{ providerCode: 'school.gwynedd.ysgol-gyfun-glan-seiont', givenName: 'Gethin', familyName: 'Arhosiad', dateOfBirth: dob, postcode: 'LL55 1AA' }]);
    await t.infra.ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, given_name, family_name, date_of_birth, postcode)
       SELECT id, 'CON-MV-2', $1, 'Gethin', 'Arhosiad', $3, 'CF24 3AA' FROM organisation WHERE code = $2`,
      [personId, ORG.cardiffCollege, dob],
    );
    // Already on the transfers page (the test above): load it afresh for the new transfer.
    await page.reload();
    await expect.poll(() => heading().textContent()).toBe('Transfers in and out');
    const row = page.locator('tr[data-transfer]', { hasText: 'Gethin Arhosiad' });
    await row.waitFor();
    await row.getByLabel('Why decline').selectOption('TEMPORARY_STAY');
    await row.getByRole('button', { name: /Decline/ }).click();
    await page.getByText('Transfer declined: the young person stays with the LA they came from, and this address will not open it again.').waitFor();
    const [transfer] = (await t.infra.ds.query(`SELECT status, close_reason FROM la_transfer WHERE person_id = $1`, [personId])) as [{ status: string; close_reason: string }];
    expect(transfer).toEqual({ status: 'DECLINED', close_reason: 'TEMPORARY_STAY' });
  });

  it('lets the IG officer find the EPC’s access in the log, download it as CSV, verify the chain and explain it', async () => {
    await signOut();
    await signInAs('ig.cardiff');
    await page.getByRole('link', { name: 'Access log' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('Access log');
    await page.getByLabel('Young person’s id').fill(unknownPerson);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('tr[data-event="unknown.contact_attempted"]').waitFor();
    await expectAccessible('10-access-log');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv).toContain('unknown.contact_attempted');
    expect(csv).toContain(unknownPerson);

    await page.getByRole('button', { name: 'Check the chain' }).click();
    const verification = page.getByTestId('verification');
    await verification.waitFor();
    expect(await verification.getAttribute('data-ok')).toBe('true');
    expect(await verification.innerText()).toContain('The log is intact');

    await page.locator('tr[data-event="unknown.contact_attempted"]').getByRole('link', { name: /Explain/ }).first().click();
    await page.getByTestId('explanation').waitFor();
    expect(await page.locator('[data-testid="explanation"] tr[data-category="TIER_STATUS"]').getAttribute('data-allowed')).toBe('true');
    await expectAccessible('11-explain');

    await page.getByRole('link', { name: 'Sharing agreements' }).first().click();
    await page.locator('section[data-reference="ISP-YEPF-REGIONAL"]').first().waitFor();
    await expectAccessible('12-agreements');
  });
});
