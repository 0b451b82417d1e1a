import { useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import { OrganisationsQuery, RecordContactAttemptMutation, RecordUnknownOutcomeMutation, ReopenUnknownMutation, WorklistQuery, YoungPersonQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { CheckboxesField, isOptionalDate, RadiosField, SelectField, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker } from '../components/purpose-picker';
import type { ContactMethod, UnknownOutcome, UnknownReason } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';
import { useSession } from '../session-context';

const REASONS: readonly UnknownReason[] = ['TIER_1', 'NO_CAREERS_WALES_CONTACT', 'DESTINATION_NON_RESPONDENT', 'LEFT_PROVISION'];
const AGES = ['16', '17', '18'] as const;
const METHODS: readonly ContactMethod[] = ['PHONE', 'TEXT_MESSAGE', 'EMAIL', 'LETTER', 'HOME_VISIT', 'DETACHED_YOUTH_WORK', 'PARTNER_ENQUIRY'];
const OUTCOMES: readonly UnknownOutcome[] = ['FOUND_ENGAGED', 'IN_CUSTODY', 'MOVED_OUT_OF_AREA', 'LEFT_WALES', 'LEFT_UK', 'DECEASED', 'NOT_FOUND'];

/** The name shown for a young person: from the first record whose names are released, else "name withheld". */
export function shownName(records: ReadonlyArray<{ givenName?: string | null; familyName?: string | null }>, withheld: string): string {
  const named = records.find((r) => r.givenName || r.familyName);
  return named ? [named.givenName, named.familyName].filter(Boolean).join(' ') : withheld;
}

const listOf = (value: string | null): string[] => (value ? value.split(',').filter(Boolean) : []);

/** EPCs: the tier-1 unknowns worklist of their LA, with the reasons, sightings and progress of each young person. */
export function WorklistPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('worklist.title'));
  const { me } = useSession();
  const { location, navigate } = useRouter();
  const ages = listOf(location.query.get('age')).filter((a) => (AGES as readonly string[]).includes(a));
  const reasons = listOf(location.query.get('reason')).filter((r): r is UnknownReason => (REASONS as readonly string[]).includes(r));
  const after = location.query.get('after');
  const [form, setForm] = useState({ ages, reasons: reasons as string[] });
  const laCode = me.organisation.laCode;
  const filter = { ageBands: ages.length ? ages.map(Number) : null, reasons: reasons.length ? reasons : null };
  const list = useQuery(WorklistQuery, laCode ? { laCode, filter, first: 20, after } : null, 'UNKNOWN_RESOLUTION');
  const apiProblem = useApiProblem();

  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefOf(lang, 'worklist', { age: form.ages.join(','), reason: form.reasons.join(',') }));
  };

  if (!laCode) {
    return (
      <>
        <h1 className="govuk-heading-l">{t('worklist.title')}</h1>
        <p className="govuk-body">{t('worklist.noLa')}</p>
      </>
    );
  }
  const page = list.data?.unknownsWorklist;
  return (
    <>
      <ErrorSummary problems={apiProblem(list.error)} />
      <h1 className="govuk-heading-l">{t('worklist.title')}</h1>
      <p className="govuk-body">{t('worklist.intro')}</p>
      <PurposePicker purposes={['UNKNOWN_RESOLUTION']} value="UNKNOWN_RESOLUTION" onChange={() => undefined} />
      <form onSubmit={apply} noValidate>
        <h2 className="govuk-heading-m">{t('worklist.filters')}</h2>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <CheckboxesField name="age" legend={t('worklist.ages')} values={form.ages} onChange={(v) => setForm({ ...form, ages: v })} options={AGES.map((a) => ({ value: a, text: t('worklist.aged', { age: a }) }))} />
          </div>
          <div className="govuk-grid-column-two-thirds">
            <CheckboxesField name="reason" legend={t('worklist.reasons')} values={form.reasons} onChange={(v) => setForm({ ...form, reasons: v })} options={REASONS.map((r) => ({ value: r, text: label('unknownReason', r) }))} />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('worklist.apply')}
        </button>
      </form>
      {list.loading ? <Loading /> : null}
      {page ? (
        <p className="govuk-body govuk-!-font-weight-bold" data-testid="worklist-total">
          {t('worklist.total', { count: page.counts.total })}
        </p>
      ) : null}
      {page && page.edges.length === 0 ? <p className="govuk-body">{t('worklist.empty')}</p> : null}
      {page && page.edges.length > 0 ? (
        <table className="govuk-table" data-testid="worklist">
          <caption className="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">{t('worklist.caption')}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t('worklist.person')}</th>
              <th scope="col" className="govuk-table__header">{t('worklist.why')}</th>
              <th scope="col" className="govuk-table__header">{t('worklist.sightings')}</th>
              <th scope="col" className="govuk-table__header">{t('worklist.progress')}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.edges.map(({ node: item }) => (
              <tr className="govuk-table__row govuk-body-s" key={item.person.id} data-person={item.person.id}>
                <td className="govuk-table__cell">
                  <Link href={hrefOf(lang, `worklist/${item.person.id}`)}>{shownName(item.person.sourceRecords, t('worklist.nameWithheld'))}</Link>
                  <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                    {item.person.sourceRecords.find((r) => r.dateOfBirth)?.dateOfBirth ? i18n.date(item.person.sourceRecords.find((r) => r.dateOfBirth)!.dateOfBirth) : ''}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                    {item.reasons.map((r, i) => (
                      <li key={i}>
                        {label('unknownReason', r.reason)} ({i18n.orgName(r.provider)}
                        {r.since ? `, ${t('person.since').toLowerCase()} ${i18n.date(r.since)}` : ''}
                        {r.daysUnknown !== null && r.daysUnknown !== undefined ? `, ${t('common.days', { days: r.daysUnknown })}` : ''})
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="govuk-table__cell">
                  {item.sightings.length === 0 ? (
                    t('worklist.noSightings')
                  ) : (
                    <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                      {item.sightings.map((s, i) => (
                        <li key={i}>
                          {i18n.orgName(s.provider)}: {label('contactKind', s.kind)}, {i18n.date(s.on)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="govuk-table__cell">
                  {item.progress?.state ? (
                    <>
                      <strong className="govuk-tag govuk-tag--blue">{label('worklistState', item.progress.state)}</strong>
                      {item.progress.by ? <span className="govuk-!-display-block">{t('worklist.by', { name: item.progress.by.displayName })}</span> : null}
                      {item.progress.attempts ? <span className="govuk-!-display-block">{t('worklist.attempts', { count: item.progress.attempts })}</span> : null}
                    </>
                  ) : (
                    <strong className="govuk-tag govuk-tag--grey">{t('worklist.open')}</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {page && (after || page.pageInfo.hasNextPage) ? (
        <nav className="govuk-pagination" aria-label={t('worklist.caption')}>
          {after ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" href={hrefOf(lang, 'worklist', { age: ages.join(','), reason: reasons.join(',') })}>
                <span className="govuk-pagination__link-title">{t('common.previous')}</span>
              </Link>
            </div>
          ) : null}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" href={hrefOf(lang, 'worklist', { age: ages.join(','), reason: reasons.join(','), after: page.pageInfo.endCursor })}>
                <span className="govuk-pagination__link-title">{t('common.next')}</span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/**
 * Resolving one young person on the worklist: log contact attempts, record the outcome, reverse the latest one.
 * What has been done comes from the young person's own tier history (the LA's resolution events), read under
 * UNKNOWN_RESOLUTION like everything on this page.
 */
export function ResolvePage({ params }: { params: Record<string, string> }) {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('resolve.title'));
  const personId = params['id'] ?? '';
  const person = useQuery(YoungPersonQuery, { id: personId }, 'UNKNOWN_RESOLUTION');
  const apiProblem = useApiProblem();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState({ method: '', on: '' });
  const [outcome, setOutcome] = useState({ outcome: '', on: '', movedTo: '' });
  const [busy, setBusy] = useState(false);
  const { me } = useSession();
  // The Welsh LAs a young person may have moved to (the hub's list; names in both languages), for MOVED_OUT_OF_AREA.
  const las = useQuery(OrganisationsQuery, { kind: 'LOCAL_AUTHORITY' }, 'UNKNOWN_RESOLUTION');
  const otherLas = (las.data?.organisations ?? []).filter((o) => o.laCode && o.laCode !== me.organisation.laCode).sort((a, b) => i18n.orgName(a).localeCompare(i18n.orgName(b)));

  const run = async (action: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setNotice(null);
    try {
      await action();
      setProblems([]);
      setNotice(success);
      setAttempt({ method: '', on: '' });
      setOutcome({ outcome: '', on: '', movedTo: '' });
      person.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    } finally {
      setBusy(false);
    }
  };
  const options = () => ({ purpose: 'UNKNOWN_RESOLUTION' as const, idempotencyKey: newIdempotencyKey() });

  const saveAttempt = (e: FormEvent) => {
    e.preventDefault();
    const found: Problem[] = [];
    if (!attempt.method) found.push({ text: t('resolve.methodRequired'), fieldId: 'method' });
    if (!isOptionalDate(attempt.on.trim())) found.push({ text: t('common.dateInvalid', { field: t('resolve.attemptedOn') }), fieldId: 'attempted-on' });
    setProblems(found);
    if (found.length) return;
    void run(
      () => request(RecordContactAttemptMutation, { input: { personId, method: attempt.method as ContactMethod, attemptedOn: attempt.on.trim() || null } }, options()),
      t('resolve.attemptSaved'),
    );
  };
  const saveOutcome = (e: FormEvent) => {
    e.preventDefault();
    const found: Problem[] = [];
    if (!outcome.outcome) found.push({ text: t('resolve.outcomeRequired'), fieldId: 'outcome' });
    if (!isOptionalDate(outcome.on.trim())) found.push({ text: t('common.dateInvalid', { field: t('resolve.effectiveOn') }), fieldId: 'effective-on' });
    setProblems(found);
    if (found.length) return;
    void run(
      () => request(RecordUnknownOutcomeMutation, { input: { personId, outcome: outcome.outcome as UnknownOutcome, effectiveOn: outcome.on.trim() || null, movedToLaCode: outcome.outcome === 'MOVED_OUT_OF_AREA' ? outcome.movedTo || null : null } }, options()),
      t('resolve.outcomeSaved'),
    );
  };

  const history = person.data?.youngPerson.tierHistory ?? [];
  const resolutions = history.filter((e) => e.kind === 'RESOLUTION');
  // The latest outcome still standing (neither a contact attempt nor a reopening, and not reversed by one).
  const reversed = new Set(resolutions.map((e) => e.reversesEventId).filter(Boolean));
  const latestOutcome = [...resolutions]
    .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))
    .find((e) => e.outcome !== 'CONTACT_ATTEMPT' && e.outcome !== 'REOPENED' && !reversed.has(e.id));
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.text;
  const name = person.data ? shownName(person.data.youngPerson.sourceRecords, t('worklist.nameWithheld')) : '';

  return (
    <>
      <Link href={hrefOf(lang, 'worklist')} className="govuk-back-link">
        {t('resolve.back')}
      </Link>
      <ErrorSummary problems={[...problems, ...apiProblem(person.error)]} />
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">
        {t('resolve.title')}
        {name ? <span className="govuk-caption-l">{name}</span> : null}
      </h1>
      <PurposePicker purposes={['UNKNOWN_RESOLUTION']} value="UNKNOWN_RESOLUTION" onChange={() => undefined} />
      {person.loading ? <Loading /> : null}
      {person.data ? (
        <>
          <p className="govuk-body">
            <Link href={hrefOf(lang, `people/${personId}`, { purpose: 'UNKNOWN_RESOLUTION' })}>{t('person.title')}</Link>
          </p>
          <h2 className="govuk-heading-m">{t('resolve.history')}</h2>
          {resolutions.length === 0 ? (
            <p className="govuk-body">{t('worklist.open')}</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet" data-testid="resolution-history">
              {resolutions.map((e) => (
                <li key={e.id}>
                  {label('resolution', e.outcome)}
                  {e.contactMethod ? ` (${label('contactMethod', e.contactMethod)})` : ''}, {i18n.date(e.effectiveOn)}
                  {e.actor ? `, ${t('worklist.by', { name: e.actor.displayName })}` : ''}
                </li>
              ))}
            </ul>
          )}
          {latestOutcome ? (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={busy}
              onClick={() => void run(() => request(ReopenUnknownMutation, { input: { personId, eventId: latestOutcome.id } }, options()), t('resolve.reopened'))}
            >
              {t('resolve.reopen')}
            </button>
          ) : null}
          <div className="govuk-grid-row">
            <form className="govuk-grid-column-one-half" onSubmit={saveAttempt} noValidate>
              <h2 className="govuk-heading-m">{t('resolve.attemptHeading')}</h2>
              <RadiosField small name="method" legend={t('resolve.method')} value={attempt.method} onChange={(v) => setAttempt({ ...attempt, method: v })} options={METHODS.map((m) => ({ value: m, text: label('contactMethod', m) }))} error={errorOf('method')} />
              <TextField id="attempted-on" label={`${t('resolve.attemptedOn')} ${t('common.optional')}`} hint={t('common.dateHint')} value={attempt.on} onChange={(v) => setAttempt({ ...attempt, on: v })} error={errorOf('attempted-on')} width={10} />
              <button type="submit" className="govuk-button" disabled={busy}>
                {t('resolve.saveAttempt')}
              </button>
            </form>
            <form className="govuk-grid-column-one-half" onSubmit={saveOutcome} noValidate>
              <h2 className="govuk-heading-m">{t('resolve.outcomeHeading')}</h2>
              <RadiosField small name="outcome" legend={t('resolve.outcome')} value={outcome.outcome} onChange={(v) => setOutcome({ ...outcome, outcome: v })} options={OUTCOMES.map((o) => ({ value: o, text: label('resolution', o) }))} error={errorOf('outcome')} />
              {outcome.outcome === 'MOVED_OUT_OF_AREA' ? (
                <SelectField
                  id="moved-to"
                  label={`${t('resolve.movedTo')} ${t('common.optional')}`}
                  value={outcome.movedTo}
                  onChange={(v) => setOutcome({ ...outcome, movedTo: v })}
                  options={[{ value: '', text: t('resolve.movedToUnknown') }, ...otherLas.map((o) => ({ value: o.laCode!, text: i18n.orgName(o) }))]}
                />
              ) : null}
              <TextField id="effective-on" label={`${t('resolve.effectiveOn')} ${t('common.optional')}`} hint={t('common.dateHint')} value={outcome.on} onChange={(v) => setOutcome({ ...outcome, on: v })} error={errorOf('effective-on')} width={10} />
              <button type="submit" className="govuk-button" disabled={busy}>
                {t('resolve.saveOutcome')}
              </button>
            </form>
          </div>
        </>
      ) : null}
    </>
  );
}
