import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** A GOV.UK text input with its label, hint and error message wired for screen readers. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  error?: string;
  width?: 10 | 20 | 30;
  autoComplete?: string;
}) {
  const { t } = useI18n();
  const describedBy = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <div className="govuk-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <p className="govuk-error-message" id={`${props.id}-error`}>
          <span className="govuk-visually-hidden">{t('error.title')}:</span> {props.error}
        </p>
      ) : null}
      <input
        className={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ''}${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.id}
        type="text"
        spellCheck={false}
        autoComplete={props.autoComplete ?? 'off'}
        aria-describedby={describedBy}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/** A GOV.UK select, with its error message where there is one. */
export function SelectField(props: { id: string; label: string; value: string; onChange(value: string): void; options: ReadonlyArray<{ value: string; text: string }>; error?: string }) {
  const { t } = useI18n();
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.error ? (
        <p className="govuk-error-message" id={`${props.id}-error`}>
          <span className="govuk-visually-hidden">{t('error.title')}:</span> {props.error}
        </p>
      ) : null}
      <select
        className={`govuk-select${props.error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** GOV.UK radios in a fieldset with a legend, hint and error. */
export function RadiosField(props: {
  name: string;
  legend: string;
  value: string;
  onChange(value: string): void;
  options: ReadonlyArray<{ value: string; text: string }>;
  error?: string;
  small?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={props.error ? `${props.name}-error` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        {props.error ? (
          <p className="govuk-error-message" id={`${props.name}-error`}>
            <span className="govuk-visually-hidden">{t('error.title')}:</span> {props.error}
          </p>
        ) : null}
        <div className={`govuk-radios${props.small ? ' govuk-radios--small' : ''}`}>
          {props.options.map((o, i) => {
            const id = i === 0 ? props.name : `${props.name}-${i + 1}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input className="govuk-radios__input" id={id} name={props.name} type="radio" value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {o.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK checkboxes in a fieldset, with a hint and an error where there are. */
export function CheckboxesField(props: {
  name: string;
  legend: string;
  values: readonly string[];
  onChange(values: string[]): void;
  options: ReadonlyArray<{ value: string; text: string }>;
  hint?: string;
  error?: string;
}) {
  const { t } = useI18n();
  const toggle = (value: string, on: boolean) => props.onChange(on ? [...props.values, value] : props.values.filter((v) => v !== value));
  const describedBy = [props.hint ? `${props.name}-hint` : null, props.error ? `${props.name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        {props.hint ? (
          <div className="govuk-hint" id={`${props.name}-hint`}>
            {props.hint}
          </div>
        ) : null}
        {props.error ? (
          <p className="govuk-error-message" id={`${props.name}-error`}>
            <span className="govuk-visually-hidden">{t('error.title')}:</span> {props.error}
          </p>
        ) : null}
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {props.options.map((o, i) => {
            const id = i === 0 ? props.name : `${props.name}-${i + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={o.value}>
                <input className="govuk-checkboxes__input" id={id} name={props.name} type="checkbox" value={o.value} checked={props.values.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {o.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A GOV.UK summary list of label → value rows. */
export function SummaryList({ rows }: { rows: ReadonlyArray<[string, ReactNode]> }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an empty value or a real YYYY-MM-DD date. */
export function isOptionalDate(value: string): boolean {
  if (value === '') return true;
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** True for an empty value or a UUID. */
export function isOptionalId(value: string): boolean {
  return value === '' || UUID.test(value);
}
