import { useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import { SplitCandidatesQuery, SplitPersonMutation } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { isOptionalId, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker, purposeFrom } from '../components/purpose-picker';
import { redactionIndex, Withheld } from '../components/withheld';
import type { Purpose, SplitRecordFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';

// A split is a linkage decision: the page reads the links among the records under LINKAGE, and splits under it.
const PURPOSES: readonly Purpose[] = ['LINKAGE'];
const SHOWN = ['givenName', 'familyName', 'dateOfBirth', 'postcode'] as const;

/** Match review, the other way: choose a young person whose records should not all be together. */
export function SplitStartPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('split.title'));
  const { location, navigate } = useRouter();
  const purpose = purposeFrom(location.query, PURPOSES);
  const [id, setId] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = id.trim();
    if (value === '' || !isOptionalId(value)) {
      setProblems([{ text: t('common.idInvalid', { field: t('split.personId') }), fieldId: 'person-id' }]);
      return;
    }
    navigate(hrefOf(lang, `match-review/split/${value}`, { purpose }));
  };
  return (
    <>
      <ErrorSummary problems={problems} />
      <h1 className="govuk-heading-l">{t('split.title')}</h1>
      <p className="govuk-body">{t('split.startIntro')}</p>
      <form onSubmit={submit} noValidate>
        <TextField id="person-id" label={t('split.personId')} value={id} onChange={setId} error={problems[0]?.text} />
        <button type="submit" className="govuk-button">
          {t('split.find')}
        </button>
      </form>
    </>
  );
}

/**
 * Split records off a wrongly merged young person: the EPC ticks the records that belong to someone else; they
 * become a young person of their own and are never joined to the rest again automatically (`splitPerson`).
 */
export function SplitPage({ params }: { params: Record<string, string> }) {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('split.title'));
  const { location, navigate } = useRouter();
  const id = params['id'] ?? '';
  const purpose = purposeFrom(location.query, PURPOSES);
  const evidence = useQuery(SplitCandidatesQuery, { personId: id }, purpose);
  const withheld = redactionIndex(evidence.redactions);
  const apiProblem = useApiProblem();
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [result, setResult] = useState<{ newPersonId: string; personId: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const links = evidence.data?.personMatchEvidence ?? [];
  // Each record once, with the path its values (and redactions) came under.
  const records: Array<{ record: SplitRecordFragment; path: string }> = [];
  links.forEach((link, i) => {
    for (const side of ['recordA', 'recordB'] as const) {
      const record = link[side];
      if (record && !records.some((r) => r.record.id === record.id)) records.push({ record, path: `personMatchEvidence.${i}.${side}` });
    }
  });
  const labelOf = (recordId: string | undefined) => {
    const found = records.find((r) => r.record.id === recordId)?.record;
    return found ? t('split.recordFrom', { provider: i18n.orgName(found.provider), reference: found.partnerReference ?? '—' }) : t('match.hiddenRecord');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) {
      setProblems([{ text: t('split.chooseOne'), fieldId: 'records' }]);
      return;
    }
    if (chosen.length === records.length) {
      setProblems([{ text: t('split.leaveOne'), fieldId: 'records' }]);
      return;
    }
    setBusy(true);
    try {
      const { data } = await request(SplitPersonMutation, { input: { personId: id, sourceRecordIds: chosen, note: note.trim() || null } }, { purpose, idempotencyKey: newIdempotencyKey() });
      setProblems([]);
      setChosen([]);
      setResult(data.splitPerson);
      evidence.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (recordId: string, on: boolean) => setChosen(on ? [...chosen, recordId] : chosen.filter((c) => c !== recordId));
  const recordError = problems.find((p) => p.fieldId === 'records')?.text;

  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(evidence.error)]} />
      {result ? (
        <SuccessBanner>
          {t('split.done')}{' '}
          <Link href={hrefOf(lang, `people/${result.newPersonId}`)} className="govuk-notification-banner__link">
            {t('split.openNew')}
          </Link>
        </SuccessBanner>
      ) : null}
      <h1 className="govuk-heading-l">{t('split.title')}</h1>
      <p className="govuk-body">{t('split.intro')}</p>
      <PurposePicker purposes={PURPOSES} value={purpose} onChange={(p) => navigate(hrefOf(lang, `match-review/split/${id}`, { purpose: p }))} />
      {evidence.loading ? <Loading /> : null}
      {evidence.data && records.length < 2 ? <p className="govuk-body">{t('split.nothing')}</p> : null}
      {evidence.data && records.length >= 2 ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className={`govuk-form-group${recordError ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset" aria-describedby={recordError ? 'records-error' : 'records-hint'}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t('split.legend')}</legend>
              <div className="govuk-hint" id="records-hint">
                {t('split.hint')}
              </div>
              {recordError ? (
                <p className="govuk-error-message" id="records-error">
                  <span className="govuk-visually-hidden">{t('error.title')}:</span> {recordError}
                </p>
              ) : null}
              <div className="govuk-checkboxes" data-module="govuk-checkboxes">
                {records.map(({ record: r, path }, i) => {
                  const inputId = i === 0 ? 'records' : `records-${i + 1}`;
                  return (
                    <div className="govuk-checkboxes__item" key={r.id} data-split-record={r.id}>
                      <input className="govuk-checkboxes__input" id={inputId} name="records" type="checkbox" value={r.id} checked={chosen.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} aria-describedby={`${inputId}-hint`} />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                        {t('split.recordFrom', { provider: i18n.orgName(r.provider), reference: r.partnerReference ?? '—' })}
                      </label>
                      <div className="govuk-hint govuk-checkboxes__hint" id={`${inputId}-hint`}>
                        {SHOWN.map((f) => {
                          const redaction = withheld.get(`${path}.${f}`);
                          const value = r[f];
                          return (
                            <span key={f} className="govuk-!-display-block">
                              {t(`field.${f}`)}: {redaction ? <Withheld redaction={redaction} /> : f === 'dateOfBirth' && value ? i18n.date(value) : (value ?? t('common.notRecorded'))}
                            </span>
                          );
                        })}
                        <span className="govuk-!-display-block">
                          {t('split.received')}: {i18n.dateTime(r.receivedAt)}
                        </span>
                      </div>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <table className="govuk-table" data-testid="split-links">
            <caption className="govuk-table__caption govuk-table__caption--s">{t('split.links')}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">{t('match.recordA')}</th>
                <th scope="col" className="govuk-table__header">{t('match.recordB')}</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('split.weight')}</th>
                <th scope="col" className="govuk-table__header">{t('split.linkStatus')}</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {links.map((l) => (
                <tr className="govuk-table__row govuk-body-s" key={l.id}>
                  <td className="govuk-table__cell">{labelOf(l.recordA?.id)}</td>
                  <td className="govuk-table__cell">{labelOf(l.recordB?.id)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{l.totalWeight.toFixed(2)}</td>
                  <td className="govuk-table__cell">{label('candidateStatus', l.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="split-note">
              {t('match.note')} {t('common.optional')}
            </label>
            <textarea className="govuk-textarea" id="split-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="govuk-button govuk-button--warning" disabled={busy} data-action="split">
            {t('split.submit')}
          </button>
        </form>
      ) : null}
    </>
  );
}
