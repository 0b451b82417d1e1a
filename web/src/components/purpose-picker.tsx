import { useState, type FormEvent } from 'react';
import type { Purpose } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

/**
 * The purpose every request of the page declares (X-Purpose). With one purpose the page states it; with several
 * the user chooses, and the page asks again under the new purpose.
 */
export function PurposePicker({ purposes, value, onChange }: { purposes: readonly Purpose[]; value: Purpose; onChange(p: Purpose): void }) {
  const { t, label } = useI18n();
  const [draft, setDraft] = useState<Purpose>(value);
  if (purposes.length <= 1) {
    return (
      <div className="govuk-inset-text" data-purpose={value}>
        {t('purpose.fixed', { purpose: label('purpose', value) })}
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange(draft);
  };
  return (
    <form className="govuk-inset-text" onSubmit={submit} data-purpose={value}>
      <div className="govuk-form-group govuk-!-margin-bottom-3">
        <label className="govuk-label govuk-label--s" htmlFor="purpose">
          {t('purpose.label')}
        </label>
        <div className="govuk-hint" id="purpose-hint">
          {t('purpose.hint')}
        </div>
        <select className="govuk-select" id="purpose" name="purpose" aria-describedby="purpose-hint" value={draft} onChange={(e) => setDraft(e.target.value as Purpose)}>
          {purposes.map((p) => (
            <option key={p} value={p}>
              {label('purpose', p)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
        {t('purpose.change')}
      </button>
    </form>
  );
}

/** The page's purpose: from the address (`?purpose=`) when it is one the page offers, else the page's first. */
export function purposeFrom(query: URLSearchParams, purposes: readonly Purpose[]): Purpose {
  const asked = query.get('purpose');
  return purposes.find((p) => p === asked) ?? purposes[0]!;
}
