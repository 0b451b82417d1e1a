import { useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import { DraftAgreementMutation, OrganisationsQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, useApiProblem, type Problem } from '../components/error-summary';
import { CheckboxesField, isOptionalDate, RadiosField, SelectField, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker } from '../components/purpose-picker';
import type { AgreementKind, DataCategory, Disclosure, LawfulBasis, Purpose, Role } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, useRouter } from '../router';
import { useSession } from '../session-context';

const KINDS: readonly AgreementKind[] = ['DDA', 'ISP'];
const BASES: readonly LawfulBasis[] = ['PUBLIC_TASK', 'LEGAL_OBLIGATION', 'CONSENT', 'VITAL_INTERESTS'];
const PURPOSES: readonly Purpose[] = ['TRACKING', 'UNKNOWN_RESOLUTION', 'BROKERAGE', 'EARLY_IDENTIFICATION', 'LEAD_WORKER_SUPPORT', 'TRANSITION', 'ADMISSIONS', 'LINKAGE', 'STATISTICS'];
const CATEGORIES: readonly DataCategory[] = [
  'IDENTITY', 'CONTACT', 'EDUCATION_ENROLMENT', 'ATTENDANCE', 'BEHAVIOUR', 'ATTAINMENT', 'TIER_STATUS', 'CAREERS_GUIDANCE', 'DESTINATION',
  'EARLY_IDENTIFICATION_RISK', 'SUPPORT_NEEDS', 'CARE_STATUS', 'YOUTH_JUSTICE', 'LEAD_WORKER', 'INVOLVEMENT',
];
const ROLES: readonly Role[] = ['EPC', 'LEAD_WORKER', 'CW_ADVISER', 'PROVIDER_PASTORAL', 'ADMISSIONS_OFFICER'];

interface ClauseDraft {
  provider: string;
  recipient: string;
  recipientRole: string;
  categories: string[];
  purposes: string[];
  disclosure: Disclosure;
  consentRequired: boolean;
}
const emptyClause = (): ClauseDraft => ({ provider: '', recipient: '', recipientRole: '', categories: [], purposes: [], disclosure: 'VALUE', consentRequired: false });

/**
 * IG officers: draft a sharing agreement (or the next version of a reference) with its clauses. The draft grants
 * nothing: it is activated from the agreements page, and each clause releases data only once its provider approves.
 */
export function AgreementDraftPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('draft.title'));
  const { me } = useSession();
  const { navigate } = useRouter();
  const orgs = useQuery(OrganisationsQuery, { kind: null }, 'AUDIT');
  const apiProblem = useApiProblem();
  const [form, setForm] = useState({ reference: '', title: '', kind: 'DDA' as string, lawfulBasis: 'PUBLIC_TASK' as string, purposes: [] as string[], effectiveFrom: '', reviewBy: '' });
  const [clauses, setClauses] = useState<ClauseDraft[]>([emptyClause()]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const organisations = [...(orgs.data?.organisations ?? [])].sort((a, b) => i18n.orgName(a).localeCompare(i18n.orgName(b)));
  const orgOptions = [{ value: '', text: t('draft.chooseOrg') }, ...organisations.map((o) => ({ value: o.code, text: i18n.orgName(o) }))];
  const setClause = (i: number, change: Partial<ClauseDraft>) => setClauses(clauses.map((c, j) => (j === i ? { ...c, ...change } : c)));
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.text;

  const validate = (): Problem[] => {
    const found: Problem[] = [];
    if (!form.reference.trim()) found.push({ text: t('draft.referenceRequired'), fieldId: 'reference' });
    if (!form.title.trim()) found.push({ text: t('draft.titleRequired'), fieldId: 'title' });
    if (form.purposes.length === 0) found.push({ text: t('draft.purposesRequired'), fieldId: 'purposes' });
    if (!form.effectiveFrom.trim() || !isOptionalDate(form.effectiveFrom.trim())) found.push({ text: t('common.dateInvalid', { field: t('agreements.effective') }), fieldId: 'effective-from' });
    if (!form.reviewBy.trim() || !isOptionalDate(form.reviewBy.trim())) found.push({ text: t('common.dateInvalid', { field: t('agreements.reviewBy') }), fieldId: 'review-by' });
    clauses.forEach((c, i) => {
      const n = i + 1;
      if (!c.provider) found.push({ text: t('draft.providerRequired', { n }), fieldId: `clause-${i}-provider` });
      if (!c.recipient) found.push({ text: t('draft.recipientRequired', { n }), fieldId: `clause-${i}-recipient` });
      if (c.categories.length === 0) found.push({ text: t('draft.categoriesRequired', { n }), fieldId: `clause-${i}-categories` });
      if (c.purposes.length === 0) found.push({ text: t('draft.clausePurposesRequired', { n }), fieldId: `clause-${i}-purposes` });
      else if (c.purposes.some((p) => !form.purposes.includes(p))) found.push({ text: t('draft.clausePurposesWithin', { n }), fieldId: `clause-${i}-purposes` });
    });
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate();
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const input = {
        reference: form.reference.trim(),
        title: form.title.trim(),
        kind: form.kind as AgreementKind,
        lawfulBasis: form.lawfulBasis as LawfulBasis,
        purposes: form.purposes as Purpose[],
        effectiveFrom: form.effectiveFrom.trim(),
        reviewBy: form.reviewBy.trim(),
        partyCodes: [me.organisation.code],
        clauses: clauses.map((c) => ({
          providerOrganisationCode: c.provider,
          recipientOrganisationCode: c.recipient,
          recipientRole: (c.recipientRole || null) as Role | null,
          categories: c.categories as DataCategory[],
          purposes: c.purposes as Purpose[],
          disclosure: c.disclosure,
          consentRequired: c.consentRequired,
        })),
      };
      const { data } = await request(DraftAgreementMutation, { input }, { purpose: 'AUDIT', idempotencyKey: newIdempotencyKey() });
      navigate(hrefOf(lang, 'agreements', { status: 'DRAFT', drafted: `${data.draftSharingAgreement.reference}@${data.draftSharingAgreement.version}` }));
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(orgs.error)]} />
      <h1 className="govuk-heading-l">{t('draft.title')}</h1>
      <p className="govuk-body">{t('draft.intro', { organisation: i18n.orgName(me.organisation) })}</p>
      <PurposePicker purposes={['AUDIT']} value="AUDIT" onChange={() => undefined} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField id="reference" label={t('draft.reference')} hint={t('draft.referenceHint')} value={form.reference} onChange={(v) => setForm({ ...form, reference: v })} error={errorOf('reference')} width={20} />
        <TextField id="title" label={t('draft.agreementTitle')} value={form.title} onChange={(v) => setForm({ ...form, title: v })} error={errorOf('title')} />
        <RadiosField small name="kind" legend={t('agreements.kind')} value={form.kind} onChange={(v) => setForm({ ...form, kind: v })} options={KINDS.map((k) => ({ value: k, text: label('agreementKind', k) }))} />
        <SelectField id="lawful-basis" label={t('agreements.lawfulBasis')} value={form.lawfulBasis} onChange={(v) => setForm({ ...form, lawfulBasis: v })} options={BASES.map((b) => ({ value: b, text: label('lawfulBasis', b) }))} />
        <CheckboxesField name="purposes" legend={t('agreements.purposes')} values={form.purposes} onChange={(v) => setForm({ ...form, purposes: v })} options={PURPOSES.map((p) => ({ value: p, text: label('purpose', p) }))} error={errorOf('purposes')} />
        <TextField id="effective-from" label={t('agreements.effective')} hint={t('common.dateHint')} value={form.effectiveFrom} onChange={(v) => setForm({ ...form, effectiveFrom: v })} error={errorOf('effective-from')} width={10} />
        <TextField id="review-by" label={t('agreements.reviewBy')} hint={t('common.dateHint')} value={form.reviewBy} onChange={(v) => setForm({ ...form, reviewBy: v })} error={errorOf('review-by')} width={10} />
        {clauses.map((c, i) => (
          <fieldset className="govuk-fieldset govuk-!-margin-bottom-6 cy-clause" key={i} data-clause={i}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t('draft.clauseN', { n: i + 1 })}</legend>
            <SelectField id={`clause-${i}-provider`} label={t('agreements.provider')} value={c.provider} onChange={(v) => setClause(i, { provider: v })} options={orgOptions} error={errorOf(`clause-${i}-provider`)} />
            <SelectField id={`clause-${i}-recipient`} label={t('agreements.recipient')} value={c.recipient} onChange={(v) => setClause(i, { recipient: v })} options={orgOptions} error={errorOf(`clause-${i}-recipient`)} />
            <SelectField id={`clause-${i}-role`} label={`${t('draft.recipientRole')} ${t('common.optional')}`} value={c.recipientRole} onChange={(v) => setClause(i, { recipientRole: v })} options={[{ value: '', text: t('draft.anyRole') }, ...ROLES.map((r) => ({ value: r, text: label('role', r) }))]} />
            <CheckboxesField name={`clause-${i}-categories`} legend={t('agreements.data')} values={c.categories} onChange={(v) => setClause(i, { categories: v })} options={CATEGORIES.map((k) => ({ value: k, text: label('category', k) }))} error={errorOf(`clause-${i}-categories`)} />
            <CheckboxesField name={`clause-${i}-purposes`} legend={t('agreements.purposes')} values={c.purposes} onChange={(v) => setClause(i, { purposes: v })} options={PURPOSES.filter((p) => form.purposes.includes(p)).map((p) => ({ value: p, text: label('purpose', p) }))} error={errorOf(`clause-${i}-purposes`)} hint={form.purposes.length === 0 ? t('draft.purposesFirst') : undefined} />
            <RadiosField small name={`clause-${i}-disclosure`} legend={t('draft.disclosure')} value={c.disclosure} onChange={(v) => setClause(i, { disclosure: v as Disclosure })} options={(['VALUE', 'FLAG'] as const).map((d) => ({ value: d, text: label('disclosure', d) }))} />
            <CheckboxesField name={`clause-${i}-consent`} legend={t('agreements.consent')} values={c.consentRequired ? ['yes'] : []} onChange={(v) => setClause(i, { consentRequired: v.includes('yes') })} options={[{ value: 'yes', text: t('draft.consentRequired') }]} />
            {clauses.length > 1 ? (
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setClauses(clauses.filter((_, j) => j !== i))}>
                {t('draft.removeClause', { n: i + 1 })}
              </button>
            ) : null}
          </fieldset>
        ))}
        <div className="govuk-button-group">
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setClauses([...clauses, emptyClause()])}>
            {t('draft.addClause')}
          </button>
          <button type="submit" className="govuk-button" disabled={busy} data-action="draft">
            {t('draft.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
