import { useState, type FormEvent, type ReactNode } from 'react';
import { YoungPeopleQuery, YoungPersonQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, useApiProblem } from '../components/error-summary';
import { SummaryList, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker, purposeFrom } from '../components/purpose-picker';
import { redactionIndex, Withheld } from '../components/withheld';
import type { ConsoleYoungPersonQuery, Purpose } from '../gql/graphql';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';
import { shownName } from './worklist';

const PURPOSES: readonly Purpose[] = ['TRACKING', 'UNKNOWN_RESOLUTION', 'BROKERAGE', 'EARLY_IDENTIFICATION', 'LEAD_WORKER_SUPPORT', 'TRANSITION'];
type SourceRecord = ConsoleYoungPersonQuery['youngPerson']['sourceRecords'][number];
const RECORD_FIELDS = [
  'givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'upn', 'uln', 'otherIdentifier', 'addressLine', 'locality', 'postcode', 'email', 'phone',
  'enrolment', 'attendance', 'behaviour', 'attainment', 'earlyIdentificationRisk', 'tierStatus', 'careersGuidance', 'supportNeeds', 'careStatus',
  'youthJustice', 'leadWorker', 'involvement', 'destination',
] as const satisfies ReadonlyArray<keyof SourceRecord>;

/** A value as the partner sent it: text, or a category's fields as a short definition list. */
function Value({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    return (
      <dl className="cy-json">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(value);
}

/** EPCs: find a young person by family name (among those the rules let you see). */
export function PeoplePage() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  usePageTitle(t('person.searchTitle'));
  const { location, navigate } = useRouter();
  const purpose = purposeFrom(location.query, PURPOSES);
  const prefix = location.query.get('name') ?? '';
  const [draft, setDraft] = useState(prefix);
  const found = useQuery(YoungPeopleQuery, prefix ? { filter: { familyNamePrefix: prefix }, first: 20, after: null } : null, purpose);
  const apiProblem = useApiProblem();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefOf(lang, 'people', { name: draft.trim(), purpose }));
  };
  const edges = found.data?.youngPeople.edges ?? [];
  return (
    <>
      <ErrorSummary problems={apiProblem(found.error)} />
      <h1 className="govuk-heading-l">{t('person.searchTitle')}</h1>
      <PurposePicker purposes={PURPOSES} value={purpose} onChange={(p) => navigate(hrefOf(lang, 'people', { name: prefix, purpose: p }))} />
      <form onSubmit={submit} noValidate>
        <TextField id="name" label={t('person.familyNamePrefix')} value={draft} onChange={setDraft} width={20} />
        <button type="submit" className="govuk-button">
          {t('person.search')}
        </button>
      </form>
      {found.loading ? <Loading /> : null}
      {found.data && edges.length === 0 ? <p className="govuk-body">{t('person.noResults')}</p> : null}
      {edges.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{t('person.searchCaption')}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t('person.name')}</th>
              <th scope="col" className="govuk-table__header">{t('field.dateOfBirth')}</th>
              <th scope="col" className="govuk-table__header">{t('person.records')}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {edges.map(({ node }) => (
              <tr className="govuk-table__row" key={node.id}>
                <td className="govuk-table__cell">
                  <Link href={hrefOf(lang, `people/${node.id}`, { purpose })}>{shownName(node.sourceRecords, t('worklist.nameWithheld'))}</Link>
                </td>
                <td className="govuk-table__cell">{i18n.date(node.sourceRecords.find((r) => r.dateOfBirth)?.dateOfBirth)}</td>
                <td className="govuk-table__cell">{[...new Set(node.sourceRecords.map((r) => i18n.orgName(r.provider)))].join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** EPCs: one young person — current status, tier history as a timeline, each partner's record with provenance. */
export function YoungPersonPage({ params }: { params: Record<string, string> }) {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('person.title'));
  const { location, navigate } = useRouter();
  const id = params['id'] ?? '';
  const purpose = purposeFrom(location.query, PURPOSES);
  const person = useQuery(YoungPersonQuery, { id }, purpose);
  const apiProblem = useApiProblem();
  const withheld = redactionIndex(person.redactions);
  const data = person.data?.youngPerson;
  const status = data?.status;
  const statusWithheld = withheld.get('youngPerson.status');

  return (
    <>
      <ErrorSummary problems={apiProblem(person.error)} />
      <h1 className="govuk-heading-l">
        {data ? shownName(data.sourceRecords, t('worklist.nameWithheld')) : t('person.title')}
        <span className="govuk-caption-m">
          {t('person.id')}: <code>{id}</code>
        </span>
      </h1>
      <PurposePicker purposes={PURPOSES} value={purpose} onChange={(p) => navigate(hrefOf(lang, `people/${id}`, { purpose: p }))} />
      <p className="govuk-body">
        <Link href={hrefOf(lang, `match-review/split/${id}`)}>{t('person.splitLink')}</Link>
      </p>
      {person.loading ? <Loading /> : null}
      {data ? (
        <>
          <h2 className="govuk-heading-m">{t('person.status')}</h2>
          {statusWithheld ? <Withheld redaction={statusWithheld} /> : null}
          {status ? (
            <SummaryList
              rows={[
                [t('person.tier'), status.tier !== null && status.tier !== undefined ? t('person.tierN', { tier: status.tier }) : t('common.notRecorded')],
                ...(status.tier2Reason ? ([[t('person.tier'), label('tier2Reason', status.tier2Reason)]] as Array<[string, ReactNode]>) : []),
                ...(status.tier4Risk ? ([[t('person.tier'), label('tier4Risk', status.tier4Risk)]] as Array<[string, ReactNode]>) : []),
                [t('person.eet'), label('eet', status.eetStatus)],
                [t('person.since'), i18n.date(status.since)],
                [t('person.daysInTier'), status.daysInTier ?? t('common.notRecorded')],
                [t('person.assessedBy'), status.assessedBy ? `${status.assessedBy.displayName}, ${i18n.orgName(status.assessedBy.organisation)}` : t('common.notRecorded')],
                [t('person.source'), i18n.orgName(status.source)],
              ]}
            />
          ) : statusWithheld ? null : (
            <p className="govuk-body">{t('person.noStatus')}</p>
          )}

          <h2 className="govuk-heading-m">{t('person.history')}</h2>
          {data.tierHistory.length === 0 ? (
            <p className="govuk-body">{t('person.noHistory')}</p>
          ) : (
            <ol className="cy-timeline" data-testid="tier-history">
              {[...data.tierHistory]
                .sort((a, b) => (b.effectiveOn ?? b.recordedAt).localeCompare(a.effectiveOn ?? a.recordedAt))
                .map((e) => (
                  <li className="cy-timeline__item" key={e.id}>
                    <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                      {i18n.date(e.effectiveOn ?? e.recordedAt)}: {label('eventKind', e.kind)}
                      {e.tier !== null && e.tier !== undefined ? `, ${t('person.tierN', { tier: e.tier })}` : ''}
                    </h3>
                    <p className="govuk-body-s govuk-!-margin-bottom-0">
                      {[
                        e.outcome ? label('resolution', e.outcome) : null,
                        e.eetStatus ? label('eet', e.eetStatus) : null,
                        e.tier2Reason ? label('tier2Reason', e.tier2Reason) : null,
                        e.tier4Risk ? label('tier4Risk', e.tier4Risk) : null,
                        e.contactMethod ? label('contactMethod', e.contactMethod) : null,
                        i18n.orgName(e.source),
                        e.actor?.displayName ?? null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                  </li>
                ))}
            </ol>
          )}

          <h2 className="govuk-heading-m">{t('person.records')}</h2>
          <p className="govuk-body">{t('person.recordsHint')}</p>
          {data.sourceRecords.map((r, i) => {
            const path = `youngPerson.sourceRecords.${i}`;
            const rows = RECORD_FIELDS.filter((f) => r[f] !== null && r[f] !== undefined || withheld.has(`${path}.${f}`)).map(
              (f): [string, ReactNode] => {
                const redaction = withheld.get(`${path}.${f}`);
                return [t(`field.${f}` as MessageKey), redaction ? <Withheld redaction={redaction} /> : <Value value={r[f]} />];
              },
            );
            return (
              <div className="govuk-summary-card" key={r.id} data-record={r.id} data-provider={r.provider.code}>
                <div className="govuk-summary-card__title-wrapper">
                  <h3 className="govuk-summary-card__title">
                    {t('person.recordOf', { provider: i18n.orgName(r.provider) })}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      {label('orgKind', r.provider.kind)} · {t('person.provenance', { date: i18n.dateTime(r.receivedAt), version: r.version })}
                      {r.partnerReference ? ` · ${t('field.partnerReference')}: ${r.partnerReference}` : ''}
                    </span>
                  </h3>
                </div>
                <div className="govuk-summary-card__content">
                  <SummaryList rows={rows} />
                </div>
              </div>
            );
          })}
        </>
      ) : null}
    </>
  );
}
