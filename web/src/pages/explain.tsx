import { useState, type FormEvent } from 'react';
import { ExplainAccessQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, useApiProblem, type Problem } from '../components/error-summary';
import { SelectField, TextField, isOptionalId } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker } from '../components/purpose-picker';
import type { Purpose } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, useRouter } from '../router';

const EXPLAINED: readonly Purpose[] = ['TRACKING', 'UNKNOWN_RESOLUTION', 'EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRANSITION', 'LINKAGE', 'ADMISSIONS', 'STATISTICS', 'AUDIT'];

/** IG officers: "why could X see Y" — explainAccess for a person, a principal and a purpose. */
export function ExplainPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('explain.title'));
  const { location, navigate } = useRouter();
  const asked = { person: location.query.get('person') ?? '', principal: location.query.get('principal') ?? '', purpose: location.query.get('purpose') ?? '' };
  const askedPurpose = EXPLAINED.find((p) => p === asked.purpose) ?? 'TRACKING';
  const [form, setForm] = useState({ person: asked.person, principal: asked.principal, purpose: askedPurpose as string });
  const [problems, setProblems] = useState<Problem[]>([]);
  const apiProblem = useApiProblem();
  const ready = asked.person !== '' && asked.principal !== '' && isOptionalId(asked.person);
  const result = useQuery(ExplainAccessQuery, ready ? { personId: asked.person, principalHandle: asked.principal, purpose: askedPurpose } : null, 'AUDIT');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Problem[] = [];
    const person = form.person.trim();
    if (person === '') found.push({ text: t('explain.personRequired'), fieldId: 'person' });
    else if (!isOptionalId(person)) found.push({ text: t('common.idInvalid', { field: t('explain.personId') }), fieldId: 'person' });
    if (form.principal.trim() === '') found.push({ text: t('explain.principalRequired'), fieldId: 'principal' });
    setProblems(found);
    if (found.length === 0) navigate(hrefOf(lang, 'explain', { person, principal: form.principal.trim(), purpose: form.purpose }));
  };
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.text;
  const explanation = result.data?.explainAccess;

  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(result.error)]} />
      <h1 className="govuk-heading-l">{t('explain.title')}</h1>
      <p className="govuk-body">{t('explain.intro')}</p>
      <PurposePicker purposes={['AUDIT']} value="AUDIT" onChange={() => undefined} />
      <form onSubmit={submit} noValidate>
        <TextField id="person" label={t('explain.personId')} value={form.person} onChange={(v) => setForm({ ...form, person: v })} error={errorOf('person')} />
        <TextField id="principal" label={t('explain.principal')} hint={t('explain.principalHint')} value={form.principal} onChange={(v) => setForm({ ...form, principal: v })} error={errorOf('principal')} width={20} />
        <SelectField id="explained-purpose" label={t('explain.purpose')} value={form.purpose} onChange={(v) => setForm({ ...form, purpose: v })} options={EXPLAINED.map((p) => ({ value: p, text: label('purpose', p) }))} />
        <button type="submit" className="govuk-button">
          {t('explain.submit')}
        </button>
      </form>
      {result.loading ? <Loading /> : null}
      {explanation ? (
        <table className="govuk-table" data-testid="explanation">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {t('explain.caption', { principal: explanation.principalHandle, purpose: label('purpose', explanation.purpose) })}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t('explain.category')}</th>
              <th scope="col" className="govuk-table__header">{t('explain.decision')}</th>
              <th scope="col" className="govuk-table__header">{t('explain.reason')}</th>
              <th scope="col" className="govuk-table__header">{t('explain.agreement')}</th>
              <th scope="col" className="govuk-table__header">{t('explain.held')}</th>
              <th scope="col" className="govuk-table__header">{t('explain.sources')}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {explanation.categories.map((c) => (
              <tr className="govuk-table__row" key={c.category} data-category={c.category} data-allowed={String(c.allowed)}>
                <th scope="row" className="govuk-table__header">{label('category', c.category)}</th>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${c.allowed ? 'govuk-tag--green' : 'govuk-tag--red'}`}>{c.allowed ? t('explain.allowed') : t('explain.denied')}</strong>
                </td>
                <td className="govuk-table__cell govuk-body-s">{c.reason ? label('reason', c.reason) : '—'}</td>
                <td className="govuk-table__cell govuk-body-s">{c.agreement ?? '—'}</td>
                <td className="govuk-table__cell govuk-body-s">{c.held === null || c.held === undefined ? '—' : c.held ? t('common.yes') : t('common.no')}</td>
                <td className="govuk-table__cell govuk-body-s">
                  {c.sources.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                      {c.sources.map((s) => (
                        <li key={s.provider.code}>
                          {i18n.orgName(s.provider)}: {s.allowed ? t('explain.allowed') : `${t('explain.denied')} (${label('reason', s.reason)})`}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
